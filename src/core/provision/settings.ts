// The settings of the Contrail setup, declared once: the CLI's --set NAME=VALUE and VS Code's
// devstackContrail.provision.* both read this table, and every value is checked where it enters.
import { CONTRAIL_NEUTRON_BRANCH, JUNIPER_NEUTRON_REPO } from '../config/lint/localrcRules';
import { BRANCH_HINT, branchNameProblem, REPOSITORY_HINT, repositoryProblem } from './gitInputs';
import { NOVA_DOCKER_FORK_BRANCH, NOVA_DOCKER_FORK_REPO } from '../devstack/novaDocker';

export interface ProvisionSettings {
  readonly NEUTRON_REPO: string;
  readonly NEUTRON_BRANCH: string;
  readonly NOVA_DOCKER_REPO: string;
  readonly NOVA_DOCKER_BRANCH: string;
}

export interface ProvisionSettingDeclaration {
  /** the CLI's --set name (and, for the neutron ones, the localrc variable) */
  readonly name: keyof ProvisionSettings;
  /** the VS Code setting under devstackContrail. */
  readonly key: string;
  readonly kind: 'repository' | 'branch';
  readonly default: string;
}

export const PROVISION_SETTINGS: readonly ProvisionSettingDeclaration[] = [
  { name: 'NEUTRON_REPO', key: 'provision.neutronRepo', kind: 'repository', default: JUNIPER_NEUTRON_REPO },
  { name: 'NEUTRON_BRANCH', key: 'provision.neutronBranch', kind: 'branch', default: CONTRAIL_NEUTRON_BRANCH },
  { name: 'NOVA_DOCKER_REPO', key: 'provision.novaDockerRepo', kind: 'repository', default: NOVA_DOCKER_FORK_REPO },
  { name: 'NOVA_DOCKER_BRANCH', key: 'provision.novaDockerBranch', kind: 'branch', default: NOVA_DOCKER_FORK_BRANCH },
];

export const SETTING_NAMES: readonly (keyof ProvisionSettings)[] = PROVISION_SETTINGS.map((s) => s.name);

export const DEFAULT_SETTINGS = Object.fromEntries(PROVISION_SETTINGS.map((s) => [s.name, s.default])) as unknown as ProvisionSettings;

/** A setting whose value git or bash would read as more than data; the message names the setting. */
export class InvalidSettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSettingError';
  }
}

/** Why this value cannot be used for this setting, with what to give instead; undefined when it can. */
export function settingProblem(name: keyof ProvisionSettings, value: string): string | undefined {
  const declaration = PROVISION_SETTINGS.find((s) => s.name === name);
  if (!declaration) return 'is not a provisioning setting';
  const problem = declaration.kind === 'branch' ? branchNameProblem(value) : repositoryProblem(value);
  return problem && `${JSON.stringify(value)} ${problem}; ${declaration.kind === 'branch' ? BRANCH_HINT : REPOSITORY_HINT}`;
}

/** Throws InvalidSettingError for the first value that cannot be used; `label` names a setting as its user knows it. */
export function checkProvisionSettings(
  settings: ProvisionSettings,
  label: (s: ProvisionSettingDeclaration) => string = (s) => s.name,
): void {
  for (const declaration of PROVISION_SETTINGS) {
    const problem = settingProblem(declaration.name, settings[declaration.name]);
    if (problem) throw new InvalidSettingError(label(declaration), `${label(declaration)}: ${problem}`);
  }
}

/** The settings from an editor's configuration (`get` of `section`.key); an empty one is its default. Checked. */
export function provisionSettingsFrom(get: (key: string) => unknown, section: string): ProvisionSettings {
  const values = Object.fromEntries(
    PROVISION_SETTINGS.map((s) => {
      const value = get(s.key);
      return [s.name, typeof value === 'string' && value !== '' ? value : s.default];
    }),
  ) as unknown as ProvisionSettings;
  checkProvisionSettings(values, (s) => `${section}.${s.key}`);
  return values;
}
