import { injectFaults, loadSuiteVictim, runTargetSuite } from "../target-suite.js";

runTargetSuite("in-process victim", async (output, topK) => {
  const victim = await loadSuiteVictim();
  const target = victim.target(output, { topK });
  return {
    target,
    reference: (xs) => victim.predictProbs(xs),
    inputs: victim.splits.test.x.slice(0, 16),
    expectedInfo: { kind: "demo", numClasses: 10, inputShape: [28, 28, 1], inputBounds: { min: 0, max: 1 } },
    flaky: async (plan) => injectFaults(target, plan),
  };
});
