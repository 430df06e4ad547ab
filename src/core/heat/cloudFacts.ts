// What a cloud has that a Heat template names by name or id — its images, flavors, networks, subnets
// and keypairs — for Heat's custom constraints (glance.image, nova.flavor, …): read from the cloud's
// APIs, each list on its own (one that cannot be read is left out, so its constraint is not checked).
import type { OpenStackClient } from '../openstack/client';

/** The lists a cloud's facts are read from: the OpenStack client's. */
export type CloudFactsApi = Pick<OpenStackClient, 'listImages' | 'listFlavors' | 'listNetworks' | 'listSubnets' | 'listKeypairs'>;

/** One thing a cloud has, as a template may name it. */
export interface CloudThing {
  readonly name: string;
  readonly id: string;
}

interface ConstraintKind {
  /** what the constraint names: "image" */
  readonly noun: string;
  /** how the cloud lists them */
  readonly list: (api: CloudFactsApi) => Promise<readonly CloudThing[]>;
}

/** The custom constraints checked against a cloud: what each names, and how the cloud lists those (Heat matches an id or a name). */
export const CLOUD_CONSTRAINTS = {
  'glance.image': { noun: 'image', list: (api) => api.listImages() },
  'nova.flavor': { noun: 'flavor', list: (api) => api.listFlavors() },
  'neutron.network': { noun: 'network', list: (api) => api.listNetworks() },
  'neutron.subnet': { noun: 'subnet', list: (api) => api.listSubnets() },
  // a keypair has no id but its name
  'nova.keypair': { noun: 'keypair', list: async (api) => (await api.listKeypairs()).map((k) => ({ name: k.name, id: k.name })) },
} as const satisfies Readonly<Record<string, ConstraintKind>>;

export type CloudConstraint = keyof typeof CLOUD_CONSTRAINTS;

export const CLOUD_CONSTRAINT_NAMES = Object.keys(CLOUD_CONSTRAINTS) as readonly CloudConstraint[];

export function isCloudConstraint(name: string): name is CloudConstraint {
  return Object.hasOwn(CLOUD_CONSTRAINTS, name);
}

/** What a cloud has of one kind. */
export interface CloudList {
  /** the names, sorted, each once (unnamed ones left out) */
  readonly names: readonly string[];
  /** every name and id: what a value must be one of */
  readonly known: ReadonlySet<string>;
}

/** What lint checks names against: a cloud's lists, as read at one time. */
export interface CloudFacts {
  readonly cloud: string;
  /** per constraint; one whose list could not be read is left out, and not checked */
  readonly lists: Readonly<Partial<Record<CloudConstraint, CloudList>>>;
  /** the lists that could not be read, and why */
  readonly problems: readonly string[];
}

/** A cloud's facts from its things (for lint's callers and tests that have them already). */
export function cloudList(things: readonly CloudThing[]): CloudList {
  const names = [...new Set(things.map((t) => t.name).filter((n) => n !== ''))].sort();
  return { names, known: new Set([...names, ...things.map((t) => t.id).filter((id) => id !== '')]) };
}

/** Reads each list of the cloud at once; a list that fails is left out with its reason. */
export async function readCloudFacts(cloud: string, api: CloudFactsApi): Promise<CloudFacts> {
  const lists: Partial<Record<CloudConstraint, CloudList>> = {};
  const problems: string[] = [];
  await Promise.all(
    CLOUD_CONSTRAINT_NAMES.map(async (name) => {
      const kind: ConstraintKind = CLOUD_CONSTRAINTS[name];
      try {
        lists[name] = cloudList(await kind.list(api));
      } catch (error) {
        problems.push(`the ${kind.noun}s of cloud ${cloud} could not be listed (${(error as Error).message}): ${name} is not checked`);
      }
    }),
  );
  return { cloud, lists, problems: problems.sort() };
}

/** The words of a constraint's kind: "image", "flavor". */
export function constraintNoun(name: CloudConstraint): string {
  return CLOUD_CONSTRAINTS[name].noun;
}
