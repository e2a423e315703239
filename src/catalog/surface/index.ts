// The attack surface & vulnerabilities questionnaire (for ML practitioners): one section per
// lifecycle stage, in lifecycle order.
import type { Section } from "../../contracts/catalog.js";
import { section as data } from "./data.js";
import { section as deployment } from "./deployment.js";
import { section as design } from "./design.js";
import { section as inference } from "./inference.js";
import { section as training } from "./training.js";

/** Sections of the attack-surface questionnaire, in lifecycle order (design → inference). */
export const surfaceSections: Section[] = [design, data, training, deployment, inference];
