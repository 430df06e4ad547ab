// The CLI commands that talk to hosts and clouds (ssh2 and the OpenStack client): their own bundle,
// dist/cli-remote.js, loaded only when one of them runs, so that \`lint\` starts without parsing it.
export { runProvision } from './provisionCommand';
export { runLoad } from './loadCommand';
export { runBoot } from './bootCommand';
export { runStack, STACK_VERBS } from './stackCommand';
export { cloudTemplateChecksFor } from './cloudConnect';
