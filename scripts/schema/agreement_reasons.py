"""Why the option history and the reference data differ (compare-option-history.py reads this).

Key: (service, release, group, option). '*' matches any, and (service, release, '*', kind) covers a whole
kind of difference. Group names are lowercase except DEFAULT. Each reason names its upstream evidence
(file and tag, or the library version). Library versions are in history/PROVENANCE.json.
"""

_DEBIAN_RABBIT = ('in no upstream oslo.messaging tag before 18.1.0 (commit 73dc887a, "Fix RabbitMQ TLS hostname '
                  'verification", 2026-05-12), so not in 14.0.3 or 16.1.1, the tags the history reads; the '
                  'reference\'s Debian packages (14.0.3-0+deb12u1, 16.1.0-3+deb13u1, stable updates) have it, so '
                  'Debian backported it')
_KEYSTONECLIENT_HAVANA = ('python-keystoneclient\'s auth_token middleware (keystoneclient/middleware/auth_token.py at '
                          'the version in PROVENANCE.json), which the service\'s api-paste.ini loads and which reads '
                          'this file\'s [keystone_authtoken]. The Havana sample generator did not read the middleware '
                          '(Icehouse\'s did, through tools/config/oslo.config.generator.rc). Kept on purpose: issue #13 '
                          '§3 lists [keystone_authtoken] in Havana nova as a false positive')
_HAND_WRITTEN = ('the upstream sample (etc/neutron.conf, etc/glance-api.conf) was written by hand and lists a '
                 'selection. The history has every option the code declares and registers at that tag: plugins, '
                 'agents, the oslo-incubator copies (openstack/common) and the auth_token middleware. The origin of '
                 'each one can be printed with gen-option-history.py --origins')
_ALIAS = 'the sample writes the option under its deprecated name or group, which oslo.config still reads'
_OSLO_MESSAGING_14 = ('oslo.messaging 1.4.x option (the AMQP 1.0 driver\'s, registered by '
                      'oslo/messaging/_drivers/protocols/amqp/controller.py and listed under [DEFAULT] by its '
                      'list_opts). Without upper-constraints the newest version Icehouse\'s global-requirements '
                      'allowed (<1.5) is read; the sample was generated on 2014-03-19 with 1.3.0a9')
_REDIS_GROUP = ('oslo.messaging 1.3.0a9 listed the redis matchmaker\'s host/port/password under [DEFAULT] (see '
                'data/legacy/PROVENANCE.md); 1.4.x registers them in [matchmaker_redis], where oslo.messaging reads them')
_ICEHOUSE_POINT = ('added to nova after the sample\'s commit b7adaa96 (2014-03-19) and after the 2014.1 tag: present '
                   'at 2014.1.5, the last Icehouse tag, which the history reads')

REASONS = {
    # ---- Zed / Epoxy, all services
    ('*', 'zed', 'oslo_messaging_rabbit', 'ssl_enforce_hostname_verification'): _DEBIAN_RABBIT,
    ('*', 'epoxy', 'oslo_messaging_rabbit', 'ssl_enforce_hostname_verification'): _DEBIAN_RABBIT,
    ('nova', 'zed', 'workarounds', 'disable_deep_image_inspection'):
        'the image format-inspector security fix of July 2024: upstream committed it to unmaintained/zed '
        '(da352edceb) after the last Zed tag, 26.3.0, and the history reads tags only (it is in 27.4.0, 28.2.0, '
        '29.1.0 and 30.0.0, so the history has it from Antelope on); the reference\'s python3-nova '
        '2:26.2.2-1~deb12u5 (a Debian stable update) has it, so Debian backported it',
    ('neutron', 'zed', 'profiler', '*'):
        'neutron 21.2.1 (the last Zed tag, read for the shipped history) added `namespace = osprofiler` to '
        'etc/oslo-config-generator/neutron.conf; the reference was generated from 21.0.0\'s list, which lacks it',

    # ---- nova Havana (sample generated at 2013.2 by tools/config/generate_sample.sh)
    ('nova', 'havana', 'keystone_authtoken', '*'): _KEYSTONECLIENT_HAVANA,
    ('nova', 'havana', 'secure_messages', '*'):
        'nova/openstack/common/rpc/securemessage.py registers [secure_messages] only in SecureMessage.__init__, '
        'at run time; the sample generator imported the modules and found no group for them, so it left them out',
    ('nova', '*', 'DEFAULT', 'quota_networks'):
        'nova/api/openstack/compute/contrib/os_tenant_networks.py registers it only `if CONF.enable_network_quota` '
        '(default false), so the sample generator never saw it; a file that enables the quota may set it',

    # ---- nova Icehouse (stale sample of b7adaa96, 2014-03-19)
    ('nova', 'icehouse', 'DEFAULT', 'qpid_receiver_capacity'):
        'oslo.messaging 1.4.x option (oslo/messaging/_drivers/impl_qpid.py), newer than the sample\'s 1.3.0a9',
    ('nova', 'icehouse', 'DEFAULT', 'allowed_rpc_exception_modules'):
        'an oslo.messaging 1.3.0 option (oslo/messaging/_drivers/common.py at 1.3.0), gone in 1.4.x, the '
        'version the history reads for Icehouse',
    ('nova', 'icehouse', 'matchmaker_redis', '*'): _REDIS_GROUP,
    ('nova', 'icehouse', 'DEFAULT', 'password'): _REDIS_GROUP,
    ('nova', 'icehouse', 'DEFAULT', 'port'): _REDIS_GROUP,
    ('nova', 'icehouse', 'keystone_authtoken', 'http_handler'):
        'a python-keystoneclient 0.6.x option (keystoneclient/middleware/auth_token.py at 0.6.0), gone from 0.7.0 '
        'on; the history reads the newest keystoneclient Icehouse allowed (see PROVENANCE.json)',
    ('nova', 'icehouse', 'keystone_authtoken', '*'):
        'options of the newer python-keystoneclient auth_token middleware the history reads (PROVENANCE.json), '
        'not yet in the client the sample was generated with',

    # ---- neutron and glance Havana/Icehouse (hand-written samples)
    ('neutron', 'icehouse', 'quotas', 'quota_health_monitors'):
        'a misspelling in the sample (etc/neutron.conf:373 at 2014.1, "quota_health_monitors"): the code declares '
        'quota_health_monitor (neutron/extensions/loadbalancer.py:316), which the history has',
    ('glance-api', 'havana', 'DEFAULT', 'qpid_host'):
        'a misspelling in the sample (etc/glance-api.conf at 2013.2): glance/notifier/notify_qpid.py:34 declares '
        'qpid_hostname, which the history has',
    ('glance-api', 'icehouse', 'DEFAULT', 'db_auto_create'):
        'stale sample: declared in glance/db/sqlalchemy/api.py at 2013.2, gone from the code at 2014.1 '
        '(git grep finds it in no module)',
    ('glance-api', 'icehouse', 'DEFAULT', 'sqlalchemy_debug'):
        'stale sample: declared in glance/db/sqlalchemy/api.py at 2013.2, gone from the code at 2014.1',
    ('glance-api', 'icehouse', 'DEFAULT', 'rabbit_durable_queues'):
        'stale sample: glance 2014.1 sends notifications with oslo.messaging; the option of its old notifier '
        '(glance/notifier/notify_kombu.py at 2013.2) is gone from the code, and oslo.messaging 1.4 names it '
        'amqp_durable_queues (without this alias)',
    ('glance-api', 'icehouse', 'DEFAULT', 'rabbit_notification_exchange'):
        'stale sample: option of the notifier glance replaced with oslo.messaging in 2014.1 '
        '(glance/notifier/notify_kombu.py at 2013.2; in no module at 2014.1)',
    ('glance-api', 'icehouse', 'DEFAULT', 'rabbit_notification_topic'):
        'stale sample: option of the notifier glance replaced with oslo.messaging in 2014.1 '
        '(glance/notifier/notify_kombu.py at 2013.2; in no module at 2014.1)',
}


def _each(service, release, group, names, reason):
    for name in names:
        REASONS[(service, release, group, name)] = reason


_each('nova', 'icehouse', 'DEFAULT', ('allow_insecure_clients', 'broadcast_prefix', 'container_name',
                                      'group_request_prefix', 'idle_timeout', 'server_request_prefix',
                                      'ssl_key_password', 'trace'), _OSLO_MESSAGING_14)
_each('nova', 'icehouse', 'DEFAULT', ('block_device_allocate_retries', 'block_device_allocate_retries_interval',
                                      'image_handlers', 'wsgi_keep_alive'), _ICEHOUSE_POINT)
_each('nova', 'icehouse', 'trusted_computing', ('attestation_insecure_ssl',), _ICEHOUSE_POINT)
_each('nova', 'havana', 'hyperv', ('mounted_disk_query_retry_count', 'mounted_disk_query_retry_interval'),
      'added in a 2013.2.x point release: in nova/virt/hyperv/volumeops.py at 2013.2.4 (read by the history), '
      'not at 2013.2 (the sample\'s tag)')
for _service in ('neutron', 'glance-api'):
    for _release in ('havana', 'icehouse'):
        REASONS[(_service, _release, '*', 'only in history')] = _HAND_WRITTEN
        REASONS[(_service, _release, '*', 'alias in history')] = _ALIAS
for _name in ('qpid_notification_exchange', 'qpid_notification_topic', 'qpid_reconnect_interval',
              'qpid_reconnect_interval_max', 'qpid_reconnect_interval_min', 'qpid_reconnect_limit',
              'qpid_reconnect_timeout'):
    REASONS[('glance-api', 'icehouse', 'DEFAULT', _name)] = (
        'stale sample: option of the qpid notifier glance replaced with oslo.messaging in 2014.1 '
        '(glance/notifier/notify_qpid.py at 2013.2; in no module at 2014.1)')
