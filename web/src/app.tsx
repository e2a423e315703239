// The shell: header, navigation, skip link, footer and the page for the current route. Results and
// trends pages (which draw charts) load on demand to keep the first load small.
import { lazy, Suspense } from "react";
import { Loading } from "./components/status.js";
import { NotFoundPage } from "./pages/not-found.js";
import { OwnerPage } from "./pages/owner.js";
import { QuestionnairePage } from "./pages/questionnaire.js";
import { StartPage } from "./pages/start.js";
import { type Key, type Route, useRoute } from "./router.js";

// Pages remount when the link changes, so no state leaks from one assessment to another.
const keyOf = (key: Key) => `${key.id}/${key.token}`;

const CatalogPage = lazy(() => import("./pages/catalog.js"));
const ResultsPage = lazy(() => import("./pages/results.js"));
const TrendsPage = lazy(() => import("./pages/trends.js"));

function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case "start":
      return <StartPage />;
    case "catalog":
      return <CatalogPage questionnaire={route.questionnaire} />;
    case "owner":
      return <OwnerPage key={keyOf(route.key)} owner={route.key} />;
    case "results":
      return <ResultsPage key={keyOf(route.key)} owner={route.key} />;
    case "trends":
      return <TrendsPage key={route.key ? keyOf(route.key) : "global"} owner={route.key} />;
    case "respond":
      return <QuestionnairePage key={keyOf(route.key)} respondent={route.key} section={route.section} />;
    case "missing":
      return <NotFoundPage />;
  }
}

/** The whole app. */
export function App() {
  const route = useRoute();
  const respondent = route.page === "respond";
  return (
    <>
      <button type="button" className="skip-link" onClick={skipToMain}>
        Skip to content
      </button>
      <header className="site-header">
        <div className="wrap header-row">
          <a className="brand" href="#/">
            <span className="brand-mark" aria-hidden="true" />
            <span>mlsa</span>
            <span className="brand-tag">ML security self-assessment</span>
          </a>
          {respondent ? null : (
            <nav aria-label="Main">
              <ul className="nav-list">
                <li>
                  <a href="#/catalog" aria-current={route.page === "catalog" ? "page" : undefined}>
                    Questions
                  </a>
                </li>
                <li>
                  <a href="#/trends" aria-current={route.page === "trends" ? "page" : undefined}>
                    Trends
                  </a>
                </li>
              </ul>
            </nav>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="wrap">
          <Suspense fallback={<Loading what="page" />}>
            <PageFor route={route} />
          </Suspense>
        </div>
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>
            mlsa stores no names, e-mail addresses or IP addresses. Links are secret: anyone holding one can
            use it. Attack techniques and mitigations refer to{" "}
            <a href="https://atlas.mitre.org/" rel="noreferrer" target="_blank">
              MITRE ATLAS
            </a>
            .
          </p>
        </div>
      </footer>
    </>
  );
}

// The skip link is a button: in a hash-routed app an in-page anchor (#main) would change the route.
function skipToMain() {
  document.getElementById("main")?.focus();
}
