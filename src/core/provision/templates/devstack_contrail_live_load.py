# devstack-contrail's live load for Nova's own scheduler (written by the live-load-scheduler step).
#
# Monitor: a compute monitor (entry point nova.compute.monitors.cpu / devstack_contrail_live_load, so
#   [DEFAULT] compute_monitors = cpu.devstack_contrail_live_load). Each resource update it reports the
#   instant CPU load of the host's containers as cpu.percent, the metric Nova's MetricsWeigher weighs
#   ([metrics] weight_setting = cpu.percent=-1.0): what Docker's containers used since the last update
#   (their cgroups' accounting), against the host's cores (its own cgroup's CPU quota when it has one: a
#   container host or a cgroup share; else its CPUs). Not the whole host's CPU: Nova's own work (a spawn,
#   this update, the scheduler on a controller) would swamp the load it should steer by. nova-docker
#   implements no get_host_cpu_stats, so Nova's own virt_driver monitor cannot work on these hosts. It
#   also puts the memory the host really has free into the compute node's stats (live_memory_free_mb),
#   as Nova has no monitor metric for memory.
# LiveMemoryWeigher: a scheduler weigher ([filter_scheduler] weight_classes) that prefers the host with
#   the larger share of its memory really free, by those stats (a host without them weighs least).
#
# Nova's monitor loader takes a monitor's namespace from its module path, which is why this file sits in
# nova/compute/monitors/cpu/. It runs inside nova-compute and nova-scheduler: it reads files only.
import glob
import os
import time

from oslo_log import log as logging
from oslo_utils import timeutils

from nova.compute.monitors import base
from nova import objects
from nova.scheduler import weights

LOG = logging.getLogger(__name__)

STATS_KEY = 'live_memory_free_mb'
CGROUP = '/sys/fs/cgroup'


def _read(path):
    with open(path) as f:
        return f.read().strip()


def _own_cgroup_is_root():
    """True when this process sees its own cgroup as the root (a cgroup namespace: a container host)."""
    try:
        lines = _read('/proc/self/cgroup').splitlines()
    except OSError:
        return False
    return bool(lines) and all(line.endswith(':/') for line in lines)


class _HostCounters(object):
    """CPU seconds used and the cores they are counted against; memory total and used, in bytes."""

    def __init__(self):
        self.kind = self._kind()

    @staticmethod
    def _kind():
        if not _own_cgroup_is_root():
            return 'proc'
        try:
            quota, _period = _read(CGROUP + '/cpu.max').split()
            if quota != 'max':
                return 'v2'
        except (OSError, ValueError):
            pass
        try:
            if int(_read(CGROUP + '/cpu/cpu.cfs_quota_us')) > 0:
                return 'v1'
        except (OSError, ValueError):
            pass
        return 'proc'

    def cores(self):
        """What the host's CPU is counted against: its cgroup's quota, else its CPUs."""
        if self.kind == 'v2':
            quota, period = _read(CGROUP + '/cpu.max').split()
            return int(quota) / int(period)
        if self.kind == 'v1':
            return int(_read(CGROUP + '/cpu/cpu.cfs_quota_us')) / int(_read(CGROUP + '/cpu/cpu.cfs_period_us'))
        return float(len(os.sched_getaffinity(0)) or os.cpu_count() or 1)

    @staticmethod
    def containers():
        """{cgroup folder: CPU seconds used} of each Docker container (cgroupfs or systemd driver, v2 or v1)."""
        used = {}
        for pattern in ('docker/*', 'system.slice/docker-*.scope'):
            for folder in glob.glob('%s/%s' % (CGROUP, pattern)):
                try:
                    stat = dict(line.split() for line in _read(folder + '/cpu.stat').splitlines())
                    used[folder] = int(stat['usage_usec']) / 1e6
                except (OSError, KeyError, ValueError):
                    pass
            # (cpuacct is often a link to cpu,cpuacct: each folder once, by where it really is)
            for hierarchy in ('cpuacct', 'cpu,cpuacct'):
                for folder in glob.glob('%s/%s/%s' % (CGROUP, hierarchy, pattern)):
                    try:
                        used[os.path.realpath(folder)] = int(_read(folder + '/cpuacct.usage')) / 1e9
                    except (OSError, ValueError):
                        pass
        return used

    def memory(self):
        """(total, used) in bytes, used without the inactive page cache (as docker stats counts)."""
        meminfo = dict((line.split(':')[0], int(line.split()[1]) * 1024)
                       for line in _read('/proc/meminfo').splitlines() if line.count(':') == 1)
        total = meminfo['MemTotal']
        if self.kind == 'v2':
            stat = dict(line.split() for line in _read(CGROUP + '/memory.stat').splitlines())
            used = int(_read(CGROUP + '/memory.current')) - int(stat.get('inactive_file', 0))
            limit = _read(CGROUP + '/memory.max')
            return (min(total, int(limit)) if limit != 'max' else total), used
        if self.kind == 'v1':
            stat = dict(line.split() for line in _read(CGROUP + '/memory/memory.stat').splitlines())
            used = int(_read(CGROUP + '/memory/memory.usage_in_bytes')) - int(stat.get('total_inactive_file', 0))
            return min(total, int(_read(CGROUP + '/memory/memory.limit_in_bytes'))), used
        return total, total - meminfo.get('MemAvailable', meminfo.get('MemFree', 0))


class Monitor(base.CPUMonitorBase):
    """The host's instant CPU load as cpu.percent; its memory really free in the node's stats."""

    def __init__(self, resource_tracker):
        super(Monitor, self).__init__(resource_tracker)
        self.source = 'devstack-contrail-live-load'
        self._tracker = resource_tracker
        self._counters = _HostCounters()
        self._last = None
        LOG.info('devstack-contrail live load: measuring this host by %s', self._counters.kind)

    def get_metric_names(self):
        return set(['cpu.percent'])

    def populate_metrics(self, metric_list):
        used = self._counters.containers()
        now = time.monotonic()
        last, self._last = self._last, (now, used)
        if last is not None and now > last[0]:
            # containers in both readings (one that started or ended since counts from its next one)
            busy = sum(max(0.0, seconds - last[1][folder]) for folder, seconds in used.items() if folder in last[1])
            percent = 100.0 * busy / ((now - last[0]) * self._counters.cores())
            metric = objects.MonitorMetric()
            metric.name = 'cpu.percent'
            metric.value = int(round(min(100.0, max(0.0, percent))))
            metric.timestamp = timeutils.utcnow()
            metric.source = self.source
            metric_list.objects.append(metric)
        self._memory_stats()

    def _memory_stats(self):
        total, used = self._counters.memory()
        free_mb = str(max(0, total - used) // (1024 * 1024))
        total_mb = str(total // (1024 * 1024))
        # the tracker's Stats survive its next update of the node; the node's copy goes out with this one
        for nodename, node in self._tracker.compute_nodes.items():
            self._tracker.stats[nodename][STATS_KEY] = free_mb
            self._tracker.stats[nodename]['live_memory_total_mb'] = total_mb
            node.stats = dict(node.stats or {}, **{STATS_KEY: free_mb, 'live_memory_total_mb': total_mb})


class LiveMemoryWeigher(weights.BaseHostWeigher):
    """Prefers the host with the larger share of its memory really free (0 to 1, not stretched)."""

    minval = 0.0
    maxval = 1.0

    def _weigh_object(self, host_state, weight_properties):
        stats = host_state.stats or {}
        try:
            return max(0.0, min(1.0, float(stats[STATS_KEY]) / float(stats['live_memory_total_mb'])))
        except (KeyError, ValueError, ZeroDivisionError):
            return 0.0
