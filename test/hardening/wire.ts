// Sending exactly the bytes a test wants: well-formed requests over keep-alive connections, and raw
// ones (bytes Node's client refuses to send: NUL in paths, unicode headers, lying Content-Length)
// over a fresh socket each. Every request is timed; none may wait forever.
import { Agent, request } from "node:http";
import { connect } from "node:net";

/** A request to send: through Node's HTTP client, or as raw bytes on a new connection. */
export type Wire =
  | { kind: "http"; method: string; path: string; headers: Record<string, string>; body?: Buffer }
  | { kind: "raw"; bytes: Buffer; halfClose?: boolean };

/** What came back. `status` 0 means the connection closed without an answer; -1 a timeout. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function viaHttp(base: URL, w: Extract<Wire, { kind: "http" }>, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (a: Omit<Answer, "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: performance.now() - started });
    };
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: w.method,
        path: w.path,
        headers: { ...w.headers, ...(w.body ? { "content-length": String(w.body.length) } : {}) },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          finish({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", () => finish({ status: 0, headers: {}, body: "" }));
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      finish({ status: -1, headers: {}, body: "" });
    });
    req.on("error", () => finish({ status: 0, headers: {}, body: "" }));
    req.end(w.body);
  });
}

/** Parse one HTTP/1.1 response (Content-Length or chunked) from the bytes of a closed connection. */
export function parseResponse(raw: Buffer): Omit<Answer, "ms"> {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return { status: 0, headers: {}, body: "" };
  const [statusLine = "", ...lines] = raw.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers["transfer-encoding"] === "chunked") {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) break;
      const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (headers["content-length"]) {
    body = body.subarray(0, Number(headers["content-length"]));
  }
  return { status, headers, body: body.toString("utf8") };
}

function viaSocket(base: URL, w: Extract<Wire, { kind: "raw" }>, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(base.port), base.hostname);
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = timedOut ? { status: -1, headers: {}, body: "" } : parseResponse(Buffer.concat(chunks));
      resolve({ ...parsed, ms: performance.now() - started });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      // Our server always sends Content-Length or closes; stop as soon as one whole answer is in.
      const all = Buffer.concat(chunks);
      const end = all.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = all.subarray(0, end).toString("latin1").toLowerCase();
      const at = head.indexOf("\r\ncontent-length:");
      const length = at < 0 ? Number.NaN : Number.parseInt(head.slice(at + 17), 10);
      if (Number.isFinite(length) && all.length >= end + 4 + length) finish(false);
    });
    socket.on("close", () => finish(false));
    socket.on("error", () => finish(false));
    socket.write(w.bytes);
    if (w.halfClose) socket.end();
  });
}

/** Send one request to the server at `base` (http://127.0.0.1:port). */
export function send(base: URL, w: Wire, timeoutMs = 10_000): Promise<Answer> {
  return w.kind === "http" ? viaHttp(base, w, timeoutMs) : viaSocket(base, w, timeoutMs);
}

/** Run `count` jobs with at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

/** Close idle keep-alive connections (so servers can stop promptly). */
export function closeConnections(): void {
  agent.destroy();
}
