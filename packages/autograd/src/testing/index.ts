export { type GradcheckOptions, type GradcheckResult, gradcheck } from './gradcheck.js';
