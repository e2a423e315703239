// The risk & impact questionnaire (for decision makers), its sections in catalog order.
import type { Section } from "../../contracts/catalog.js";
import { section as assets } from "./assets.js";
import { section as damage } from "./damage.js";
import { section as domain } from "./domain.js";
import { section as process } from "./process.js";
import { section as use } from "./use.js";

/** Sections of the risk questionnaire, in the order they are asked. */
export const riskSections: Section[] = [domain, use, damage, assets, process];
