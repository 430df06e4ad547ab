#!/usr/bin/python3
"""Reports a fake "Open vSwitch agent" on each compute host ($FAKE_OVS_HOSTS, default compute1) to
neutron-server over RPC, so that ML2's openvswitch mechanism driver binds ports (vif_type ovs) without
Open vSwitch. Retries until neutron-server answers, then reports every 20 s (agent_down_time is 75 s)."""
import copy
import os
import sys
import time

from oslo_config import cfg
from neutron_lib import context, rpc as n_rpc
from neutron_lib import constants
from neutron_lib.agent import topics
from neutron.agent import rpc as agent_rpc
from neutron.common import config as common_config
from neutron.conf.agent import common as agent_config

common_config.register_common_config_options()
agent_config.register_agent_state_opts_helper(cfg.CONF)
cfg.CONF(sys.argv[1:], project='neutron')
n_rpc.init(cfg.CONF)
state = {'binary': 'neutron-openvswitch-agent', 'host': 'compute1',
         'topic': constants.L2_AGENT_TOPIC, 'agent_type': constants.AGENT_TYPE_OVS,
         'start_flag': True,
         'configurations': {'tunnel_types': ['vxlan'], 'tunneling_ip': '127.0.0.1',
                            'bridge_mappings': {'public': 'br-ex'}, 'integration_bridge': 'br-int',
                            'l2_population': False, 'enable_distributed_routing': False,
                            'ovs_hybrid_plug': False, 'datapath_type': 'system',
                            'ovs_capabilities': {'datapath_types': ['system'], 'iface_types': ['vxlan']}}}
states = []
for host in (os.environ.get('FAKE_OVS_HOSTS') or 'compute1').split():
    states.append(copy.deepcopy(state))
    states[-1]['host'] = host
rpc = agent_rpc.PluginReportStateAPI(topics.REPORTS)
ctx = context.get_admin_context_without_session()
while True:
    try:
        for one in states:
            rpc.report_state(ctx, one, use_call=True)
            one.pop('start_flag', None)
    except Exception as e:   # neutron-server not consuming yet, RabbitMQ restarting, …
        print('report failed: %s' % e, flush=True)
        time.sleep(2)
        continue
    print('reported', flush=True)
    time.sleep(20)
