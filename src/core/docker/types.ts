// What the Docker side reports about a Nova server's container (nova-docker named it `nova-<server uuid>`).

export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
  startedAt?: string;
  createdAt?: string;
  pid?: number;
  command: string;
  networkMode?: string;
  ipAddresses: string[];
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  time?: string;
}

/** One stats sample, already computed the way `docker stats` shows it. */
export interface StatsSample {
  time: number; // ms since epoch (sample read time)
  cpuPercent: number; // across all CPUs, as docker stats
  memoryBytes: number;
  memoryLimitBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
}

export interface ProcessTable {
  titles: string[];
  processes: string[][];
}

export interface NetworkInterface {
  name: string;
  state: string;
  mtu?: number;
  mac?: string;
  addresses: string[];
}

export interface Stoppable {
  stop(): void;
}
