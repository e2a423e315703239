// Global trends from the anonymous pool: answer distributions, mitigation adoption, risk per
// domain and, with an owner link, this assessment's percentile. Groups smaller than k are shown
// as suppressed, never as numbers.
import { useMemo, useState } from "react";
import type { Catalog, Questionnaire } from "../../../src/contracts/catalog.js";
import { DONT_KNOW, NO_ANSWER } from "../../../src/contracts/reserved.js";
import { api, type DomainResidual, type MitigationTrend, type Overview, type Percentile } from "../api.js";
import { Chart } from "../charts/chart.js";
import { Disclosure } from "../components/disclosure.js";
import { PageHeading } from "../components/page.js";
import { ShareBar } from "../components/share-bar.js";
import { ErrorPanel, Loading } from "../components/status.js";
import { TableScroll } from "../components/table-scroll.js";
import { sectionsOf } from "../conditions.js";
import { percent } from "../format.js";
import {
  ATTACK_CLASS_NAMES,
  ATTACK_CLASS_SHORT,
  ATTACK_CLASSES,
  QUESTIONNAIRE_INFO,
  QUESTIONNAIRES,
} from "../labels.js";
import { hrefOf, type Key } from "../router.js";
import { useLoad } from "../use-load.js";
import { useNarrow } from "../use-narrow.js";
import { loadOwned } from "./owner.js";

/** The question whose options name the application domains (src/store DOMAIN_QUESTION). */
const DOMAIN_QUESTION = "risk.domain.sector";

async function loadTrends(owner: Key | null) {
  if (owner) await loadOwned(owner);
  const [overview, mitigations, residual, catalog, percentile] = await Promise.all([
    api.trends.overview(),
    api.trends.mitigations(),
    api.trends.residual(),
    api.catalog(),
    owner ? api.percentile(owner) : Promise.resolve(null),
  ]);
  return { overview, mitigations: mitigations.mitigations, residual: residual.domains, catalog, percentile };
}

/** Trends page; with an owner link it adds this assessment's percentile. */
export default function TrendsPage({ owner }: { owner: Key | null }) {
  const [load, reload] = useLoad(() => loadTrends(owner), owner ? `${owner.id}/${owner.token}` : "");
  return (
    <>
      <PageHeading
        title="Global trends"
        lead="How other ML systems are exposed and defended, from answers their owners chose to pool anonymously. Nothing here leads back to a single system."
      />
      {owner ? (
        <p className="no-print">
          <a href={hrefOf({ page: "owner", key: owner })}>← Back to your dashboard</a>
        </p>
      ) : null}
      {load.state === "loading" ? <Loading what="the trends" /> : null}
      {load.state === "error" ? <ErrorPanel error={load.error} retry={reload} /> : null}
      {load.state === "ok" ? <TrendsBody {...load.data} /> : null}
    </>
  );
}

/** "2026-10" as "October 2026". */
function monthName(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (m ?? 1) - 1, 1)).toLocaleDateString("en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

function Suppressed({ k }: { k: number }) {
  return <span className="suppressed">fewer than {k} systems</span>;
}

function domainNamer(catalog: Catalog) {
  const question = catalog.sections.flatMap((s) => s.questions).find((q) => q.id === DOMAIN_QUESTION);
  return (id: string) => question?.options.find((o) => o.id === id)?.label ?? id.replaceAll("_", " ");
}

function TrendsBody({
  overview,
  mitigations,
  residual,
  catalog,
  percentile,
}: {
  overview: Overview;
  mitigations: MitigationTrend[];
  residual: DomainResidual[];
  catalog: Catalog;
  percentile: Percentile | null;
}) {
  const k = overview.k;
  const domainName = domainNamer(catalog);
  return (
    <>
      <p className="notice">
        To protect the systems in the pool, figures are built from whole months of one domain, each with at
        least {k} systems, and a month is added only after it has ended (so far up to{" "}
        {monthName(overview.publishedThrough)}). Smaller groups read “fewer than {k} systems”. Systems in the
        published figures:{" "}
        {overview.systems === null ? <Suppressed k={k} /> : <strong>{overview.systems}</strong>}.
      </p>
      {percentile ? <PercentilePanel percentile={percentile} domainName={domainName} /> : null}
      <Adoption mitigations={mitigations} k={k} />
      <Domains overview={overview} residual={residual} domainName={domainName} />
      <Distributions catalog={catalog} k={k} />
    </>
  );
}

function PercentilePanel({
  percentile: p,
  domainName,
}: {
  percentile: Percentile;
  domainName: (id: string) => string;
}) {
  return (
    <section aria-labelledby="pct-title" className="panel panel-accent">
      <h2 id="pct-title">Where this system stands</h2>
      {p.overall === null || p.peers === null ? (
        <p>
          Among “{domainName(p.domain)}” systems the pool holds <Suppressed k={p.k} /> with a full score, too
          few to compare without revealing them. The comparison appears once enough peers have pooled their
          answers.
        </p>
      ) : (
        <>
          <p className="big-figure">
            Its residual risk is higher than that of <strong>{Math.round(p.overall.percentile)} %</strong> of{" "}
            {p.peers} peer systems in “{domainName(p.domain)}”.
          </p>
          <ul className="share-list">
            {p.classes.map((c) => (
              <li key={c.attackClass}>
                <span className="share-name">{ATTACK_CLASS_NAMES[c.attackClass]}</span>
                <ShareBar share={c.percentile / 100} />
                <span className="share-value">{Math.round(c.percentile)} %</span>
              </li>
            ))}
          </ul>
          <p className="muted small">Per attack class: the share of peers with a lower residual risk.</p>
        </>
      )}
    </section>
  );
}

function Adoption({ mitigations, k }: { mitigations: MitigationTrend[]; k: number }) {
  const narrow = useNarrow();
  const shown = useMemo(
    () => mitigations.filter((m) => m.share !== null).sort((a, b) => (b.share ?? 0) - (a.share ?? 0)),
    [mitigations],
  );
  const hidden = mitigations.filter((m) => m.share === null);
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value} %" } },
      yAxis: {
        type: "category",
        inverse: true,
        data: shown.map((m) => m.name),
        axisLabel: { width: narrow ? 130 : 320, overflow: "break", lineHeight: 14, fontSize: 12 },
      },
      series: [
        {
          type: "bar",
          data: shown.map((m) => Math.round((m.share ?? 0) * 100)),
          itemStyle: { color: "#1f6f8b" },
          label: { show: true, position: "right", formatter: "{c} %" },
        },
      ],
    }),
    [shown, narrow],
  );
  const size = shown.length <= 8 ? "chart-bars-s" : shown.length <= 16 ? "chart-bars-m" : "chart-bars-l";
  return (
    <section aria-labelledby="adopt-title" className="results-block">
      <h2 id="adopt-title">Which defences systems have</h2>
      <p className="muted">Share of pooled systems whose security answers show each mitigation in place.</p>
      {shown.length === 0 ? <p>The pool is still too small to show how common any defence is.</p> : null}
      {shown.length > 0 && !narrow ? (
        <Chart
          option={option}
          className={`chart-bars ${size}`}
          label={`Bar chart of the share of pooled systems with each mitigation. Most common: ${shown[0]?.name} (${percent(shown[0]?.share ?? 0)}). Under "Show the numbers" every figure is listed.`}
        />
      ) : null}
      {hidden.length > 0 ? (
        <p>
          Not shown, because in every month and domain either <Suppressed k={k} /> had them or{" "}
          <Suppressed k={k} /> did without them: {hidden.map((m) => m.name).join(", ")}.
        </p>
      ) : null}
      {/* On a phone the labelled bar list is the chart; on wider screens it is the table behind it. */}
      {narrow ? (
        <AdoptionList list={shown} />
      ) : (
        <Disclosure label="Show the numbers">
          <AdoptionList list={shown} />
        </Disclosure>
      )}
    </section>
  );
}

function AdoptionList({ list }: { list: MitigationTrend[] }) {
  return (
    <ul className="share-list">
      {list.map((m) => (
        <li key={m.mitigation}>
          <span className="share-name">{m.name}</span>
          <ShareBar share={m.share ?? 0} />
          <span className="share-value">{percent(m.share ?? 0)}</span>
        </li>
      ))}
    </ul>
  );
}

function Domains({
  overview,
  residual,
  domainName,
}: {
  overview: Overview;
  residual: DomainResidual[];
  domainName: (id: string) => string;
}) {
  const k = overview.k;
  // by name, with the catch-alls ("another domain", "not said") last
  const last = (id: string) => (id === "other" || id === "unspecified" ? 1 : 0);
  const byName = (a: { domain: string }, b: { domain: string }) =>
    last(a.domain) - last(b.domain) || domainName(a.domain).localeCompare(domainName(b.domain));
  const scored = new Set(residual.map((d) => d.domain));
  const unscored = overview.domains.filter((d) => !scored.has(d.domain)).sort(byName);
  const rows = [...residual].sort(byName);
  return (
    <section aria-labelledby="domain-title" className="results-block">
      <h2 id="domain-title">Typical residual risk per application domain</h2>
      <p className="muted">
        Median residual risk (likelihood × impact after mitigations, 0–5) per attack class, with the middle
        half of systems in brackets. Only systems with all three questionnaires pooled have a score.
      </p>
      <TableScroll label="Residual risk per application domain">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col">Systems</th>
              <th scope="col">Overall</th>
              {ATTACK_CLASSES.map((c) => (
                <th key={c} scope="col">
                  {ATTACK_CLASS_SHORT[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.domain}>
                <th scope="row">{domainName(d.domain)}</th>
                <td>{d.systems}</td>
                <td>
                  <SpreadCell spread={d.overall} />
                </td>
                {ATTACK_CLASSES.map((c) => {
                  const spread = d.classes.find((x) => x.attackClass === c);
                  return <td key={c}>{spread ? <SpreadCell spread={spread} /> : <Suppressed k={k} />}</td>;
                })}
              </tr>
            ))}
            {unscored.map((d) => (
              <tr key={d.domain}>
                <th scope="row">{domainName(d.domain)}</th>
                <td>{d.systems}</td>
                <td colSpan={ATTACK_CLASSES.length + 1}>
                  <Suppressed k={k} /> with all three questionnaires pooled
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">Other domains</th>
              <td colSpan={ATTACK_CLASSES.length + 2}>
                none, or <Suppressed k={k} /> in every month
              </td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function SpreadCell({ spread }: { spread: { p25: number; median: number; p75: number } }) {
  return (
    <>
      <strong>{spread.median.toFixed(1)}</strong>{" "}
      <span className="muted small">
        ({spread.p25.toFixed(1)}–{spread.p75.toFixed(1)})
      </span>
    </>
  );
}

function Distributions({ catalog, k }: { catalog: Catalog; k: number }) {
  const [q, setQ] = useState<Questionnaire>("surface");
  const [load, reload] = useLoad(() => api.trends.questions(q), q);
  const byId = new Map(load.state === "ok" ? load.data.questions.map((t) => [t.questionId, t]) : []);
  return (
    <section aria-labelledby="dist-title" className="results-block">
      <h2 id="dist-title">How systems answered</h2>
      <div className="field field-inline">
        <label htmlFor="dist-q">Questionnaire</label>
        <select id="dist-q" value={q} onChange={(e) => setQ(e.currentTarget.value as Questionnaire)}>
          {QUESTIONNAIRES.map((x) => (
            <option key={x} value={x}>
              {QUESTIONNAIRE_INFO[x].title}
            </option>
          ))}
        </select>
      </div>
      {load.state === "loading" ? <Loading what="the answers" /> : null}
      {load.state === "error" ? <ErrorPanel error={load.error} retry={reload} /> : null}
      {load.state === "ok"
        ? sectionsOf(catalog, q).map((s) => (
            <div key={s.id} className="dist-section">
              <h3>{s.title}</h3>
              {s.questions.map((question) => {
                const t = byId.get(question.id);
                const label = (id: string) =>
                  id === DONT_KNOW
                    ? "Don't know"
                    : id === NO_ANSWER
                      ? "No answer (an earlier answer made the question irrelevant, or it was skipped)"
                      : (question.options.find((o) => o.id === id)?.label ?? id);
                return (
                  <div key={question.id} className="dist-question">
                    <p className="dist-text">{question.text}</p>
                    {!t || t.systems === null ? (
                      <p>
                        Not shown: in every month of every domain, <Suppressed k={k} /> pooled this
                        questionnaire.
                      </p>
                    ) : (
                      <ul className="share-list">
                        {t.options.map((o) => (
                          <li key={o.answer}>
                            <span className="share-name">{label(o.answer)}</span>
                            <ShareBar share={o.share} />
                            <span className="share-value">{percent(o.share)}</span>
                          </li>
                        ))}
                        {t.other !== null ? (
                          <li>
                            <span className="share-name">
                              Other answers (in a domain and month, each chosen by fewer than {k})
                            </span>
                            <ShareBar share={t.other / t.systems} />
                            <span className="share-value">{percent(t.other / t.systems)}</span>
                          </li>
                        ) : null}
                      </ul>
                    )}
                    {t && t.systems !== null ? (
                      <p className="muted small">{t.systems} systems pooled this questionnaire.</p>
                    ) : null}
                  </div>
                );
              })}
            </div>
          ))
        : null}
    </section>
  );
}
