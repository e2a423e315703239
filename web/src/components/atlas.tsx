// Links to MITRE ATLAS technique and mitigation pages, with names loaded on demand from the vendored
// ATLAS data (a separate chunk, so the first load stays small).
import { useEffect, useState } from "react";
import { atlasUrl } from "../labels.js";

let names: Map<string, string> | null = null;
let loading: Promise<Map<string, string>> | null = null;

function loadNames(): Promise<Map<string, string>> {
  loading ??= import("../../../src/catalog/atlas-data.js").then((m) => {
    names = new Map([...m.ATLAS_TECHNIQUES, ...m.ATLAS_MITIGATIONS].map((t) => [t.id, t.name]));
    return names;
  });
  return loading;
}

/** ATLAS names by id, or null while they load. */
export function useAtlasNames(): Map<string, string> | null {
  const [value, setValue] = useState(names);
  useEffect(() => {
    if (!value) loadNames().then(setValue, () => undefined);
  }, [value]);
  return value;
}

/** One ATLAS id as an outbound link, with its name when known. */
export function AtlasLink({ id }: { id: string }) {
  const known = useAtlasNames();
  const name = known?.get(id);
  return (
    <a className="atlas-link" href={atlasUrl(id)} target="_blank" rel="noreferrer">
      <span className="mono">{id}</span>
      {name ? ` ${name}` : ""}
      <span className="visually-hidden"> (MITRE ATLAS, opens in a new tab)</span>
    </a>
  );
}

/** A list of ATLAS technique links. */
export function AtlasLinks({ ids, label = "MITRE ATLAS" }: { ids: readonly string[]; label?: string }) {
  if (ids.length === 0) return null;
  return (
    <div className="atlas-links">
      <span className="atlas-label">{label}:</span>
      <ul>
        {ids.map((id) => (
          <li key={id}>
            <AtlasLink id={id} />
          </li>
        ))}
      </ul>
    </div>
  );
}
