# lib/neutron_plugins/contrail
# Neutron OpenContrail plugin for devstack, written by devstack-contrail.
# lib/neutron sources this file when Q_PLUGIN=contrail and calls the functions below.

# Save trace setting
CONTRAIL_XTRACE=$(set +o | grep xtrace)
set +o xtrace

function neutron_plugin_create_nova_conf {
    NOVA_VIF_DRIVER=${NOVA_VIF_DRIVER:-"nova_contrail_vif.contrailvif.VRouterVIFDriver"}
}

function neutron_plugin_install_agent_packages {
    :
}

function neutron_plugin_configure_common {
    Q_PLUGIN_CONF_PATH=etc/neutron/plugins/juniper/contrail
    Q_PLUGIN_CONF_FILENAME=ContrailPlugin.ini
    Q_DB_NAME="neutron"
    Q_PLUGIN_CLASS="neutron.plugins.juniper.contrail.contrailplugin.ContrailPlugin"
}

function neutron_plugin_configure_debug_command {
    :
}

function neutron_plugin_configure_dhcp_agent {
    :
}

function neutron_plugin_configure_l3_agent {
    :
}

function neutron_plugin_configure_plugin_agent {
    :
}

function neutron_plugin_configure_service {
    iniset $NEUTRON_CONF QUOTAS quota_driver neutron.quota.ConfDriver
}

function neutron_plugin_setup_interface_driver {
    :
}

function has_neutron_plugin_security_group {
    return 1
}

function is_neutron_ovs_base_plugin {
    return 1
}

function neutron_plugin_check_adv_test_requirements {
    return 0
}

# Restore xtrace
$CONTRAIL_XTRACE
