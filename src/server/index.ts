// The HTTP server: fastify with zod-validated routes, one error mapper, security headers, rate
// limits, privacy-preserving logs, and (when built) the web app from web/dist.
import { existsSync } from "node:fs";
import type { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { openStore, resolveStoreConfig, type Store, type StoreConfig } from "../store/index.js";
import { errorHandler, RateLimited } from "./errors.js";
import { type LabExecutor, labSettings, startInlineExecutor, startQueueExecutor } from "./lab/executor.js";
import { openApiDocument, type Route, registerRoutes } from "./route.js";
import { answerRoutes } from "./routes/answers.js";
import { assessmentRoutes } from "./routes/assessments.js";
import { publicRoutes } from "./routes/public.js";
import { reportRoutes } from "./routes/report.js";
import { runRoutes } from "./routes/runs.js";
import { trendRoutes } from "./routes/trends.js";
import { createLimiter, DEFAULT_RATE_LIMITS, type RateLimits, registerSecurityHeaders } from "./security.js";
import {
  clientErrorHandler,
  frameworkErrors,
  REQUEST_TIMEOUT_MS,
  registerBodyParsers,
  registerHostCheck,
  registerTextCheck,
} from "./transport.js";

/** Body limit for every endpoint but import (5 MiB). */
export const BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  store: Store;
  /** false: no logs; a stream: JSON log lines to it (tests read them); default: stdout. */
  logger?: boolean | { stream: Writable; level?: string };
  rateLimits?: RateLimits;
  /** Folder of the built web app; default web/dist when it exists. null disables. */
  webRoot?: string | null;
  /** Trust X-Forwarded-For from a reverse proxy (the address is only used for in-memory limits). */
  trustProxy?: boolean;
  /** Milliseconds a whole request may take to arrive (default REQUEST_TIMEOUT_MS). */
  requestTimeout?: number;
  /**
   * Who executes lab runs. Default: on PGlite, this process (closed with the app); on PostgreSQL,
   * nobody (runs are refused) unless given, as startServer does. null: refuse runs.
   */
  lab?: LabExecutor | null;
  /** Environment for lab targets (MLSA_LAB_ALLOWED_HOSTS, secrets); default process.env. */
  labEnv?: Readonly<Record<string, string | undefined>>;
}

const TOKEN_LIKE = /[A-Za-z0-9_-]{40,}/g;

/** Log options that keep tokens, addresses, headers and query strings out of every log line. */
export function loggerOptions(stream?: Writable, level = "info"): FastifyServerOptions["logger"] {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      // The route pattern (/api/assessments/:id/...), never the URL: no query string, no path secrets.
      req: (req: { method?: string; routeOptions?: { url?: string } }) => ({
        method: req.method,
        route: req.routeOptions?.url ?? "(unmatched)",
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      // No stack of request data, no token-like strings (defence in depth: messages never hold tokens).
      err: (err: Error & { code?: string }) => ({
        type: err.name,
        message: String(err.message).replace(TOKEN_LIKE, "[redacted]"),
        stack: String(err.stack ?? "").replace(TOKEN_LIKE, "[redacted]"),
        ...(err.code ? { code: err.code } : {}),
      }),
    },
  };
}

const defaultWebRoot = () => fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** Build the fastify app (not listening). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { store } = options;
  const logger =
    options.logger === false
      ? false
      : loggerOptions(
          typeof options.logger === "object" ? options.logger.stream : undefined,
          typeof options.logger === "object" ? options.logger.level : undefined,
        );
  const requestTimeout = options.requestTimeout ?? REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    forceCloseConnections: "idle",
    return503OnClosing: true,
    requestTimeout,
    frameworkErrors,
    clientErrorHandler,
    // headersTimeout above requestTimeout would keep Node from enforcing requestTimeout; the check
    // runs every connectionsCheckingInterval, so keep that short.
    http: {
      requireHostHeader: false,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(2000, requestTimeout),
    },
  });
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const byAddress = createLimiter(limits.address);
  const byToken = createLimiter(limits.token);
  const creations = createLimiter(limits.create);

  registerSecurityHeaders(app);
  app.setErrorHandler(errorHandler);
  app.addHook("onRequest", async (request) => {
    const wait = byAddress.take(request.ip);
    if (wait > 0) throw new RateLimited(wait);
  });
  registerBodyParsers(app);
  registerHostCheck(app);
  registerTextCheck(app);

  let lab = options.lab;
  if (lab === undefined) {
    lab = store.db.kind === "pglite" ? await startInlineExecutor(store, labSettings(process.env)) : null;
    const own = lab;
    app.addHook("onClose", async () => {
      await own?.close();
    });
  }

  const routes: Route[] = [];
  let document: unknown;
  routes.push(
    ...publicRoutes(store, () => {
      document ??= openApiDocument(routes, { title: "mlsa", version: "0.1.0" });
      return document;
    }),
    ...assessmentRoutes(store, creations),
    ...answerRoutes(store),
    ...trendRoutes(store),
    ...runRoutes(store, lab, options.labEnv ?? process.env),
    ...reportRoutes(store),
  );
  registerRoutes(app, routes, byToken);

  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  const hasWeb = webRoot !== null && existsSync(`${webRoot}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, prefix: "/", index: ["index.html"] });
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      (request.method === "GET" || request.method === "HEAD") && !request.url.startsWith("/api/");
    if (hasWeb && isPage) return reply.type("text/html; charset=utf-8").sendFile("index.html");
    return reply.code(404).send({ error: "not found", issues: [] });
  });
  return app;
}

/** Options for a listening server with its own store. */
export interface StartOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  databaseUrl?: string;
  /** Replace the store config entirely (tests: memory PGlite). */
  storeConfig?: StoreConfig;
  logger?: ServerOptions["logger"];
  rateLimits?: RateLimits;
  webRoot?: string | null;
  trustProxy?: boolean;
  /**
   * PostgreSQL only: also execute queued lab runs in this process (default true). false makes a
   * stateless web node; `mlsa worker` processes then run the jobs. PGlite always runs them inline.
   */
  inlineJobs?: boolean;
  /** Lab log lines (worker lost, heartbeat failures); default: none. */
  labLog?: (message: string) => void;
}

/**
 * Open the store, build the app and listen. `close()` finishes in-flight requests, interrupts lab
 * runs in progress here (recorded as failed), then closes the store.
 */
export async function startServer(options: StartOptions = {}) {
  const config =
    options.storeConfig ?? resolveStoreConfig({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  const store = await openStore(config);
  let lab: LabExecutor;
  try {
    const settings = labSettings(process.env, {
      ...(config.dataDir ? { dataDir: config.dataDir } : {}),
      ...(options.labLog ? { log: options.labLog } : {}),
    });
    lab = config.databaseUrl
      ? await startQueueExecutor(store, config.databaseUrl, settings, { work: options.inlineJobs ?? true })
      : await startInlineExecutor(store, settings);
  } catch (error) {
    await store.close();
    throw error;
  }
  const app = await buildServer({
    store,
    logger: options.logger,
    rateLimits: options.rateLimits,
    webRoot: options.webRoot,
    trustProxy: options.trustProxy,
    lab,
  });
  try {
    await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 3000 });
  } catch (error) {
    await lab.close();
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 3000);
  const host = options.host ?? "127.0.0.1";
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () => {
      closing ??= app
        .close()
        .then(() => lab.close())
        .then(() => store.close());
      return closing;
    },
  };
}
export type RunningServer = Awaited<ReturnType<typeof startServer>>;
