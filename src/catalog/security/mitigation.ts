// Security questionnaire, section "mitigation": whether ML-specific defences and good ML practices
// are in place. The questions live in two files (training side, serving side) to keep each small.
import type { Section } from "../../contracts/catalog.js";
import { inferenceQuestions } from "./mitigation-inference.js";
import { trainingQuestions } from "./mitigation-training.js";

export const section: Section = {
  id: "mitigation",
  questionnaire: "security",
  title: "Mitigation of attacks",
  intro:
    'Which defences are actually in place, from the training data to the prediction API. Some are ML-specific (adversarial training, differential privacy), others are good practice that also makes attacks harder (sanitised data, access control, monitoring, rate limits). Say "partly" when a defence exists but has gaps.',
  questions: [...trainingQuestions, ...inferenceQuestions],
};
