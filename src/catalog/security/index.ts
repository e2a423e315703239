// The security questionnaire (for security experts), its sections in order: what was assessed,
// which defences are in place, and how the system is operated.
import type { Section } from "../../contracts/catalog.js";
import { section as assessment } from "./assessment.js";
import { section as mitigation } from "./mitigation.js";
import { section as operations } from "./operations.js";

/** Sections of the security questionnaire, in the order they are asked. */
export const securitySections: Section[] = [assessment, mitigation, operations];
