/** The loss terms of src/rl, each a pure function returning a scalar to minimise. */
export { actionLogProbs } from './action-log-probs.js';
export { type ClippedSurrogateInputs, clippedSurrogateLoss } from './clipped-surrogate.js';
export { crossEntropyLoss } from './cross-entropy.js';
export { policyEntropy } from './entropy.js';
export { checkVectors, maskedMean } from './masked-mean.js';
export { type ValueLossInputs, valueLoss } from './value-loss.js';
