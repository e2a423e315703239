// Raw HTTP access for the lab's API probes: send any JSON value where an HTTP target's template puts
// an input, keep status, headers and body, and map 2xx answers exactly as the target would.
import type { Prediction } from "../contracts/lab.js";
import type { NonFiniteEncoding, RawExchange, RawProbe } from "../lab/probes/raw.js";
import {
  createHttpTarget,
  type HttpTargetConfig,
  type HttpTargetOptions,
  parseHttpTargetConfig,
} from "./http.js";

const MAX_BODY = 64 * 1024;
const TOKEN = "__mlsa_non_finite__";

/** Options of {@link createHttpProbe}. */
export interface HttpProbeOptions extends HttpTargetOptions {
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
}

/** Put `input` where the template has an input placeholder (a batch placeholder gets `[input]`). */
export function fillRaw(template: unknown, input: unknown): unknown {
  if (typeof template === "string") {
    if (template === "{{input}}" || template === "{{input_shaped}}") return input;
    if (template === "{{inputs}}" || template === "{{inputs_shaped}}") return [input];
    return template;
  }
  if (Array.isArray(template)) return template.map((v) => fillRaw(v, input));
  if (template && typeof template === "object") {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillRaw(v, input)]));
  }
  return template;
}

/** JSON text where non-finite numbers become `null` or bare NaN / Infinity / -Infinity literals. */
export function encodeBody(value: unknown, nonFinite: NonFiniteEncoding): string {
  if (nonFinite === "null") return JSON.stringify(value);
  const text = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? `${TOKEN}${String(v)}` : v,
  );
  return text.replace(new RegExp(`"${TOKEN}(NaN|Infinity|-Infinity)"`, "g"), "$1");
}

/**
 * A raw probe for an HTTP target configuration. Like the target it talks only to the configured
 * URL (redirects are reported, never followed), adds the auth header from the environment at each
 * call and redacts the secret from everything it returns.
 */
export function createHttpProbe(raw: HttpTargetConfig | unknown, options: HttpProbeOptions = {}): RawProbe {
  const c = parseHttpTargetConfig(raw);
  const doFetch = options.fetch ?? fetch;
  const env = () => options.env ?? process.env;
  const url = new URL(c.url);
  const size = c.inputShape.reduce((a, b) => a * b, 1);

  /** Map a 2xx body with the target's own response mapping (no network: a stub fetch replays it). */
  async function mapBody(text: string): Promise<{ prediction?: Prediction; problem?: string }> {
    const replay = createHttpTarget(c, {
      env: { ...env() },
      fetch: async () => new Response(text, { status: 200, headers: { "content-type": "application/json" } }),
    });
    try {
      const [prediction] = await replay.predict([new Float32Array(size).fill(c.inputBounds.min)]);
      return { prediction };
    } catch (error) {
      return { problem: (error as Error).message };
    }
  }

  return {
    description: `${c.method} ${url.origin}${url.pathname}`,
    async sendInput(input, opts = {}): Promise<RawExchange> {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "application/json",
        ...c.headers,
      };
      let secret: string | undefined;
      if (c.auth) {
        secret = env()[c.auth.env];
        if (secret) headers[c.auth.header] = c.auth.prefix + secret;
      }
      const redact = (text: string) => (secret ? text.split(secret).join("[redacted]") : text);
      const body = encodeBody(fillRaw(c.request, input), opts.nonFinite ?? "null");
      const signals = [AbortSignal.timeout(options.timeoutMs ?? 10_000), opts.signal].filter(
        (s): s is AbortSignal => s !== undefined,
      );
      const started = performance.now();
      let res: Response;
      try {
        res = await doFetch(url, {
          method: c.method,
          headers,
          body,
          redirect: "manual",
          signal: AbortSignal.any(signals),
        });
      } catch (error) {
        opts.signal?.throwIfAborted();
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        return {
          status: 0,
          headers: {},
          body: "",
          ms: performance.now() - started,
          problem: redact(String(cause)),
        };
      }
      const text = redact((await res.text()).slice(0, MAX_BODY));
      const ms = performance.now() - started;
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        responseHeaders[k.toLowerCase()] = redact(v);
      });
      const exchange: RawExchange = { status: res.status, headers: responseHeaders, body: text, ms };
      if (res.status < 200 || res.status >= 300) return exchange;
      return { ...exchange, ...(await mapBody(text)) };
    },
  };
}
