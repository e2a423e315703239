// The small database interface the store is written against, so the same queries run on embedded
// PGlite and on PostgreSQL. Only src/store may import this (only the store touches SQL).

/** A parameter value passed to a query; arrays become PostgreSQL arrays. */
export type SqlParam = string | number | boolean | null | Uint8Array | ReadonlyArray<string | number | null>;

/** A row as the drivers return it: int8 and numeric columns arrive as numbers. */
export type Row = Record<string, unknown>;

/** What the store needs from a database connection. */
export interface Db {
  /** "pglite" (embedded, one connection) or "postgres" (a pool). */
  readonly kind: "pglite" | "postgres";
  /** Run one statement with $1.. parameters and return its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Run several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Run fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Close the connection(s); waits for running queries. */
  close(): Promise<void>;
}

/** A connection inside a transaction. */
export interface Tx {
  query<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
}
