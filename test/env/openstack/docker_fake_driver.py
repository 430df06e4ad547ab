# A thin test compute driver: Nova's FakeDriver, plus a real Docker container per instance, as
# nova-docker ran them (container "nova-<instance uuid>"), with a tap interface per Neutron port the
# way the OpenContrail vRouter gave one ("tap" + the first 11 characters of the port id).
#
# nova-compute loads it as compute_driver = docker_fake_driver.DockerFakeDriver: Zed imports
# "nova.virt.<compute_driver>", so test/env/openstack/nova-compute appends this directory to
# nova.virt.__path__. Settings come from the environment of nova-compute:
#   DOCKER_HOST                      the test Docker Engine (unix:///var/tmp/devstack-contrail-test/docker/docker.sock)
#   DEVSTACK_CONTRAIL_TEST_IMAGE     the Docker image to run when the Glance image's name is no local image
#                                    (default local/busybox:test)
#   DEVSTACK_CONTRAIL_TEST_VCPUS, DEVSTACK_CONTRAIL_TEST_MEMORY_MB
#                                    what the host offers Placement (default: FakeDriver's)
# As nova-docker did, a container gets its flavor's RAM as its memory limit and 1024 CPU shares per vCPU.
# As the stack user (a compute host's nova-compute) the network plumbing runs through sudo.
import netaddr
import os

from oslo_concurrency import processutils
from oslo_log import log as logging

from nova.compute import power_state
from nova import exception
from nova.virt import fake
from nova.virt import hardware

LOG = logging.getLogger(__name__)

DEFAULT_IMAGE = os.environ.get('DEVSTACK_CONTRAIL_TEST_IMAGE', 'local/busybox:test')
LABEL = 'devstack-contrail-test=nova'
STOP_TIMEOUT = 1   # busybox sh as PID 1 ignores SIGTERM: don't make Nova's Stop wait a minute for SIGKILL


def container_name(instance):
    return 'nova-%s' % instance.uuid


def tap_name(port_id):
    return ('tap' + port_id)[:14]


def _peer_name(port_id):
    return ('nvd' + port_id)[:14]   # the host end of the pair


def _root(*cmd, **kw):
    if os.geteuid() != 0:
        kw.update(run_as_root=True, root_helper='sudo -n')
    return processutils.execute(*cmd, **kw)


class DockerFakeDriver(fake.FakeDriver):
    """FakeDriver whose instances are Docker containers on the test Docker Engine."""

    vcpus = int(os.environ.get('DEVSTACK_CONTRAIL_TEST_VCPUS') or fake.FakeDriver.vcpus)
    memory_mb = int(os.environ.get('DEVSTACK_CONTRAIL_TEST_MEMORY_MB') or fake.FakeDriver.memory_mb)

    # ---- docker CLI ------------------------------------------------------------------------
    def _docker(self, *args, check=True, timeout=60):
        env = dict(os.environ)
        out, _err = processutils.execute('docker', *args, env_variables=env,
                                         check_exit_code=[0] if check else False,
                                         timeout=timeout)
        return out.strip()

    def _state(self, instance):
        """'running', 'paused', 'exited', … or None when there is no such container."""
        try:
            out = self._docker('inspect', '-f', '{{.State.Status}} {{.State.Paused}}',
                               container_name(instance), timeout=20)
        except processutils.ProcessExecutionError:
            return None
        status, paused = (out.split() + ['', ''])[:2]
        return 'paused' if paused == 'true' else status

    def _image_for(self, image_meta):
        # nova-docker: the Glance image's name is the Docker image. Use it when the engine has it.
        name = getattr(image_meta, 'name', None) if image_meta is not None else None
        if name and image_meta.obj_attr_is_set('container_format') and \
                image_meta.container_format == 'docker':
            try:
                self._docker('image', 'inspect', name, timeout=20)
                return name
            except processutils.ProcessExecutionError:
                pass
        return DEFAULT_IMAGE

    def _adopt(self, instance):
        """After a nova-compute restart the fake's in-memory list is empty: take the container back."""
        if instance.uuid not in self.instances:
            state = self._state(instance)
            if state is not None:
                self.instances[instance.uuid] = fake.FakeInstance(
                    instance.name,
                    power_state.RUNNING if state == 'running' else power_state.SHUTDOWN,
                    instance.uuid)

    # ---- tap interfaces ------------------------------------------------------------------------
    def _plug_taps(self, instance, network_info):
        if not network_info:
            return
        name = container_name(instance)
        try:
            pid = self._docker('inspect', '-f', '{{.State.Pid}}', name, timeout=20)
            if not pid or pid == '0':
                return
            for vif in network_info:
                self._plug_tap(instance, pid, vif)
        except Exception as e:   # a kernel without veth, no nsenter, …: the instance still runs
            LOG.warning('could not give %(name)s its tap interfaces: %(err)s',
                        {'name': name, 'err': e}, instance=instance)

    def _plug_tap(self, instance, pid, vif):
        tap, peer = tap_name(vif['id']), _peer_name(vif['id'])
        _root('ip', 'link', 'del', peer, check_exit_code=False)
        cmd = ['ip', 'link', 'add', peer, 'type', 'veth', 'peer', 'name', tap]
        if vif['address']:
            cmd += ['address', vif['address']]
        _root(*(cmd + ['netns', pid]))
        _root('ip', 'link', 'set', peer, 'up')
        ns = ['nsenter', '-t', pid, '-n']
        gateway = None
        for subnet in (vif['network'] or {}).get('subnets', []):
            prefix = netaddr.IPNetwork(subnet['cidr']).prefixlen
            for ip in subnet['ips']:
                _root(*(ns + ['ip', 'addr', 'add',
                                             '%s/%d' % (ip['address'], prefix), 'dev', tap]))
            gw = (subnet.get('gateway') or {}).get('address')
            if gw and gateway is None and subnet.get('version') == 4:
                gateway = gw
        _root(*(ns + ['ip', 'link', 'set', tap, 'up']))
        if gateway:
            _root(*(ns + ['ip', 'route', 'add', 'default', 'via', gateway]),
                                 check_exit_code=False)
        LOG.info('plugged %(tap)s (%(mac)s) into %(name)s',
                 {'tap': tap, 'mac': vif['address'], 'name': container_name(instance)},
                 instance=instance)

    # ---- the driver interface ------------------------------------------------------------------
    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None, power_on=True, accel_info=None):
        super().spawn(context, instance, image_meta, injected_files, admin_password,
                      allocations, network_info=network_info,
                      block_device_info=block_device_info, power_on=power_on,
                      accel_info=accel_info)
        name = container_name(instance)
        self._docker('rm', '-f', name, check=False)   # a leftover of an earlier attempt
        args = ['run', '-d'] if power_on else ['create']
        flavor = instance.flavor
        args += ['--memory', '%dm' % flavor.memory_mb, '--memory-swap', '%dm' % flavor.memory_mb,
                 '--cpu-shares', str(1024 * max(1, flavor.vcpus))]
        args += ['--name', name, '--network', 'none',
                 '--hostname', (instance.hostname or 'nova')[:63],
                 '--label', LABEL,
                 '--label', 'org.openstack.nova.instance=%s' % instance.uuid,
                 '--label', 'org.openstack.nova.name=%s' % (instance.display_name or ''),
                 self._image_for(image_meta)]
        try:
            self._docker(*args, timeout=120)
        except Exception:
            super().destroy(context, instance, network_info)
            raise
        LOG.info('started container %s', name, instance=instance)
        if power_on:
            self._plug_taps(instance, network_info)

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, destroy_secrets=True):
        self._docker('rm', '-f', container_name(instance), check=False)
        if instance.uuid in self.instances:
            super().destroy(context, instance, network_info, block_device_info,
                            destroy_disks, destroy_secrets)

    def power_off(self, instance, timeout=0, retry_interval=0):
        self._adopt(instance)
        super().power_off(instance, timeout, retry_interval)
        # a container removed behind Nova's back is off all the same
        self._docker('stop', '-t', str(STOP_TIMEOUT), container_name(instance), check=False)

    def power_on(self, context, instance, network_info,
                 block_device_info=None, accel_info=None):
        self._adopt(instance)
        super().power_on(context, instance, network_info, block_device_info, accel_info)
        state = self._state(instance)
        if state == 'paused':
            self._docker('unpause', container_name(instance))
        elif state != 'running':
            self._docker('start', container_name(instance))
            self._plug_taps(instance, network_info)

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None, bad_volumes_callback=None,
               accel_info=None):
        self._adopt(instance)
        if instance.uuid in self.instances:
            self._docker('restart', '-t', str(STOP_TIMEOUT), container_name(instance))
            self.instances[instance.uuid].state = power_state.RUNNING
            self._plug_taps(instance, network_info)
        else:
            super().reboot(context, instance, network_info, reboot_type,
                           block_device_info, bad_volumes_callback, accel_info)

    def pause(self, instance):
        self._docker('pause', container_name(instance))

    def unpause(self, instance):
        self._docker('unpause', container_name(instance))

    def get_info(self, instance, use_cache=True):
        self._adopt(instance)
        info = super().get_info(instance, use_cache)
        state = self._state(instance)
        if state is None:
            return info
        return hardware.InstanceInfo(state={
            'running': power_state.RUNNING,
            'paused': power_state.PAUSED,
        }.get(state, power_state.SHUTDOWN))

    def get_console_output(self, context, instance):
        try:
            return self._docker('logs', '--tail', '200', container_name(instance), timeout=20)
        except processutils.ProcessExecutionError as e:
            raise exception.ConsoleNotAvailable() from e
