// The composition root of a pool member process (what main.ts is to the server): reads the
// settings the pool passed, creates the member, and wires it to the IPC channel. A member ends
// with its parent: when the channel closes (the server stopped or crashed) there is nobody to answer.
import { MemberSettingsSchema, type FromMember } from './pool-protocol.js';
import { createPoolMember } from './pool-member.js';

// Passed as the one argument: JSON, validated like any edge.
const settings = MemberSettingsSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
const send = (message: FromMember) => {
  // The pool may have closed the channel meanwhile (shutting down): then nobody wants the answer.
  if (process.connected) process.send!(message, undefined, undefined, () => {});
};
const member = createPoolMember(settings, send);
process.on('message', (message) => member.receive(message));
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
