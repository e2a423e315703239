// Hash routing: capability tokens live in the URL fragment, which browsers never send to a server
// or put in a Referer header. Routes are parsed into a small union.

import { useSyncExternalStore } from "react";
import type { Questionnaire } from "../../src/contracts/catalog.js";

/** An assessment id and the capability token that opens it. */
export interface Key {
  id: string;
  token: string;
}

export type Route =
  | { page: "start" }
  | { page: "catalog"; questionnaire: Questionnaire | null }
  | { page: "trends"; key: Key | null }
  | { page: "owner"; key: Key }
  | { page: "results"; key: Key }
  | { page: "respond"; key: Key; section: string | null }
  | { page: "missing" };

// Loose shapes only: the server decides whether a key opens anything (an edited or foreign link
// gets the same not-found page from the API's 404).
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
const isQuestionnaire = (s: string | undefined): s is Questionnaire =>
  s === "risk" || s === "surface" || s === "security";

/** Parses a fragment such as `#/a/<id>/r/<token>/data` into a route. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [head, a] = parts;
  if (head === undefined) return { page: "start" };
  if (head === "catalog" && parts.length <= 2) {
    return { page: "catalog", questionnaire: isQuestionnaire(a) ? a : null };
  }
  if (head === "trends" && parts.length === 1) return { page: "trends", key: null };
  const [, id, role, token, extra] = parts;
  if (head !== "a" || !id || !ID.test(id) || !token || !TOKEN.test(token)) return { page: "missing" };
  const key = { id, token };
  if (role === "o" && parts.length === 4) return { page: "owner", key };
  if (role === "o" && parts.length === 5 && extra === "results") return { page: "results", key };
  if (role === "o" && parts.length === 5 && extra === "trends") return { page: "trends", key };
  if (role === "r" && parts.length <= 5) return { page: "respond", key, section: extra ?? null };
  return { page: "missing" };
}

/** The fragment for a route (the inverse of parseRoute). */
export function hrefOf(route: Route): string {
  switch (route.page) {
    case "start":
      return "#/";
    case "catalog":
      return route.questionnaire ? `#/catalog/${route.questionnaire}` : "#/catalog";
    case "trends":
      return route.key ? `${owner(route.key)}/trends` : "#/trends";
    case "owner":
      return owner(route.key);
    case "results":
      return `${owner(route.key)}/results`;
    case "respond":
      return `#/a/${route.key.id}/r/${route.key.token}${route.section ? `/${route.section}` : ""}`;
    case "missing":
      return "#/missing";
  }
}

const owner = (key: Key) => `#/a/${key.id}/o/${key.token}`;

/** A full link (origin + fragment) to hand to someone. */
export function absoluteLink(route: Route): string {
  return `${window.location.origin}/${hrefOf(route)}`;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

/** The current route, re-rendering on every fragment change. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/** Moves to a route; `replace` keeps the history entry (used when a page settles its own URL). */
export function navigate(route: Route, replace = false): void {
  const href = hrefOf(route);
  if (replace) window.history.replaceState(null, "", href);
  else window.location.hash = href.slice(1);
  if (replace) window.dispatchEvent(new HashChangeEvent("hashchange"));
}
