#!/usr/bin/env bash
# oslo-config-generator namespaces per service and release (sourced by generate-oslo-schemas.sh and
# test/env/oslo-reference.sh). Where each list comes from is said below.
# shellcheck disable=SC2034
# epoxy: the upstream generator configs in the Debian trixie source packages' orig tarballs
#   nova_31.0.0.orig.tar.xz     etc/nova/nova-config-generator.conf
#   neutron_26.0.3.orig.tar.xz  etc/oslo-config-generator/neutron.conf
#   glance_30.0.0.orig.tar.xz   etc/oslo-config-generator/glance-api.conf
# zed: neutron_21.0.0.orig.tar.xz etc/oslo-config-generator/neutron.conf; the nova and glance
#   Zed orig tarballs were not on the mirror, so their lists are those of the bookworm source
#   packages' debian/rules (nova 2:26.2.2-1~deb12u4, glance 2:25.1.0-2+deb12u5), which build the
#   shipped /usr/share/{nova,glance}-common/*.conf samples (same order as upstream's file).
NS_nova_zed="nova.conf oslo.limit oslo.log oslo.messaging oslo.policy oslo.privsep
  oslo.service.periodic_task oslo.service.service oslo.middleware oslo.concurrency oslo.reports
  keystonemiddleware.auth_token osprofiler"
NS_nova_epoxy="nova.conf oslo.limit oslo.log oslo.messaging oslo.policy oslo.privsep
  oslo.service.periodic_task oslo.service.service oslo.middleware oslo.concurrency oslo.reports
  oslo.versionedobjects keystonemiddleware.auth_token osprofiler os_vif os_brick"
NS_neutron_zed="neutron neutron.agent neutron.db neutron.experimental neutron.extensions
  nova.auth ironic.auth placement.auth oslo.log oslo.cache oslo.db oslo.policy oslo.privsep
  oslo.concurrency oslo.messaging oslo.middleware.cors oslo.middleware.healthcheck
  oslo.middleware.http_proxy_to_wsgi oslo.reports oslo.service.periodic_task
  oslo.service.service oslo.service.sslutils oslo.service.wsgi keystonemiddleware.auth_token"
NS_neutron_epoxy="neutron neutron.agent neutron.db neutron.experimental neutron.extensions
  nova.auth ironic.auth placement.auth designate.auth oslo.log oslo.cache oslo.db oslo.policy
  oslo.privsep oslo.concurrency oslo.messaging oslo.middleware.cors oslo.middleware.healthcheck
  oslo.middleware.http_proxy_to_wsgi oslo.reports oslo.service.periodic_task
  oslo.service.service oslo.service.sslutils oslo.service.wsgi oslo.versionedobjects
  keystonemiddleware.auth_token osprofiler"
NS_glance_api_zed="castellan.config glance.api glance.store os_brick glance.multi_store
  oslo.concurrency oslo.messaging oslo.db oslo.policy keystonemiddleware.auth_token oslo.limit
  oslo.log oslo.middleware.cors oslo.middleware.healthcheck oslo.middleware.http_proxy_to_wsgi
  oslo.reports"
NS_glance_api_epoxy="$NS_glance_api_zed"

