// The page for an address the app does not know.
import { NotFoundPanel } from "../components/status.js";

/** Unknown route. */
export function NotFoundPage() {
  return <NotFoundPanel kind="page" />;
}
