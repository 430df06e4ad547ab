# lib/nova_plugins/hypervisor-docker
# Nova's Docker "hypervisor" (nova-docker, out of Nova's tree since March 2014), written by
# devstack-contrail for devstack releases that no longer carry this file.
# Enable with: VIRT_DRIVER=docker

# Save trace setting
DOCKER_XTRACE=$(set +o | grep xtrace)
set +o xtrace

# cleanup_nova_hypervisor - Clean up an installation
function cleanup_nova_hypervisor {
    :
}

# configure_nova_hypervisor - Set config files, create data dirs, etc
function configure_nova_hypervisor {
    iniset $NOVA_CONF DEFAULT compute_driver novadocker.virt.docker.driver.DockerDriver
    iniset $GLANCE_API_CONF DEFAULT container_formats ami,ari,aki,bare,ovf,docker
}

# install_nova_hypervisor - Install external components
function install_nova_hypervisor {
    :
}

# start_nova_hypervisor - Start any required external services
function start_nova_hypervisor {
    :
}

# stop_nova_hypervisor - Stop any external services
function stop_nova_hypervisor {
    :
}

# Restore xtrace
$DOCKER_XTRACE
