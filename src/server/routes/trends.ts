// Public, anonymous trend endpoints over the pool; every figure is published by the store cell by
// cell (closed months, k-suppressed within each cell), see src/store/trends.ts.
import type { Store } from "../../store/index.js";
import { defineRoute, type Route } from "../route.js";
import {
  MitigationTrends,
  Overview,
  QuestionTrendQuery,
  QuestionTrends,
  ResidualTrends,
  TrendQuery,
} from "../schemas.js";

export function trendRoutes(store: Store): Route[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/trends",
      summary:
        "Pool size per domain and per month, over the published cells (closed months, at least k systems)",
      tag: "trends",
      auth: false,
      query: TrendQuery,
      response: {
        status: 200,
        schema: Overview,
        description: "Overview (cells under k and the open month are left out)",
      },
      errors: [400],
      handler: async ({ query }) => store.trends.overview(query),
    }),
    defineRoute({
      method: "GET",
      url: "/api/trends/questions",
      summary: "Distribution of answers per question (filter by domain, month, questionnaire or question)",
      tag: "trends",
      auth: false,
      query: QuestionTrendQuery,
      response: { status: 200, schema: QuestionTrends, description: "Per question: systems and options ≥ k" },
      errors: [400],
      handler: async ({ query }) => ({ k: store.k, questions: await store.trends.questions(query) }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/trends/mitigations",
      summary: "Share of systems whose security answers evidence each mitigation",
      tag: "trends",
      auth: false,
      query: TrendQuery,
      response: { status: 200, schema: MitigationTrends, description: "Per mitigation: systems and share" },
      errors: [400],
      handler: async ({ query }) => ({
        k: store.k,
        mitigations: await store.trends.mitigations(query),
      }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/trends/residual",
      summary: "Typical residual risk per application domain (quartiles of pooled scores)",
      tag: "trends",
      auth: false,
      query: TrendQuery,
      response: {
        status: 200,
        schema: ResidualTrends,
        description: "Domains with at least k scored systems",
      },
      errors: [400],
      handler: async ({ query }) => ({ k: store.k, domains: await store.trends.residual(query) }),
    }),
  ];
}
