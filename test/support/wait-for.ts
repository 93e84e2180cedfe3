// The tests' waitFor is testkit's (bench uses it too, and bench never imports test/).
export { waitFor } from '../../testkit/wait-for.js';
