// The shapes the OpenStack client hands to the rest of the product: normalized from Nova, Glance and
// Neutron JSON so that the tree, the webview and the CLI never read raw API bodies.

/** Where a cloud's credentials came from, for messages ("clouds.yaml devstack", "host2 openrc"). */
export type CredentialSource = 'clouds.yaml' | 'openrc' | 'typed';

export interface CloudAuth {
  authUrl: string; // Keystone, e.g. http://127.0.0.1:5000/v3 (a missing /v3 is added)
  /** password auth */
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** application credential auth */
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
}

export interface CloudConfig {
  name: string; // clouds.yaml key, or "<host> openrc", or what the user typed
  source: CredentialSource;
  auth: CloudAuth;
  regionName?: string;
  interface?: 'public' | 'internal' | 'admin'; // endpoint interface, default public
  /** the devstack host (an SSH host name of the Hosts view) whose Docker runs this cloud's containers */
  sshHost?: string;
  /** reach the APIs through that host's SSH connection (ssh2 forwardOut) */
  viaSsh?: boolean;
  verify?: boolean; // TLS verification (clouds.yaml `verify`), default true
  /** a PEM file of the CAs to trust for this cloud's HTTPS APIs (clouds.yaml `cacert`), on this machine */
  cacert?: string;
}

export interface Fault {
  code: number;
  message: string;
  details?: string;
  /** what the user can do next (NoValidHost: check nova-compute and the image's container format) */
  hint?: string;
}

export interface ServerAddress {
  network: string;
  addr: string;
  version: 4 | 6;
  type?: string;
  mac?: string;
}

export interface Server {
  id: string;
  name: string;
  status: string; // ACTIVE, BUILD, ERROR, SHUTOFF, DELETED, …
  taskState?: string | null; // OS-EXT-STS:task_state
  powerState?: number; // OS-EXT-STS:power_state
  host?: string; // OS-EXT-SRV-ATTR:host (admin)
  hostHidden?: true; // the response has no OS-EXT-SRV-ATTR:host at all: policy hides it from this user
  hypervisorHostname?: string; // OS-EXT-SRV-ATTR:hypervisor_hostname (admin)
  addresses: ServerAddress[];
  flavor: { id?: string; name?: string; vcpus?: number; ram?: number; disk?: number };
  image: { id?: string; name?: string };
  created?: string;
  updated?: string;
  /** when Nova marked it ACTIVE (OS-SRV-USG:launched_at), ISO 8601 UTC */
  launchedAt?: string;
  fault?: Fault;
}

export interface Image {
  id: string;
  name: string;
  status: string;
  containerFormat?: string;
  diskFormat?: string;
  size?: number;
  visibility?: string;
}

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
}

export interface Network {
  id: string;
  name: string;
  status: string;
  shared: boolean;
  external: boolean;
  subnets: string[];
}

export interface Port {
  id: string;
  networkId: string;
  deviceId: string;
  macAddress: string;
  fixedIps: { subnetId: string; ipAddress: string }[];
  status: string;
  bindingHost?: string;
  vifType?: string;
}

export interface Hypervisor {
  id: string;
  hostname: string;
  state?: string;
  status?: string;
  type?: string;
}

/** One resource class of a compute host in Placement: what it has and what flavors hold of it. */
export interface ReservedResource {
  readonly total: number;
  /** kept back for the host itself */
  readonly reserved: number;
  readonly allocationRatio: number;
  /** what the allocations of its servers (their flavors) hold */
  readonly used: number;
  /** what Placement lets flavors hold in all: (total − reserved) × allocation ratio */
  readonly capacity: number;
}

/** What flavors reserve on one compute host (a Placement resource provider), per resource class. */
export interface HostReservation {
  readonly providerId: string;
  /** the provider's name: the compute node's hypervisor hostname */
  readonly host: string;
  readonly vcpu?: ReservedResource;
  readonly memoryMb?: ReservedResource;
  readonly diskGb?: ReservedResource;
}

export interface BootRequest {
  name: string;
  imageId: string;
  flavorId: string;
  networkIds: string[]; // at least one
  count: number; // min_count = max_count = count
  host?: string; // target compute host (microversion 2.74, admin)
}
