#!/usr/bin/python3
"""Keystone registrations, seed data and the bring-up smoke check of test/env/openstack/up.sh,
through the REST APIs (keystoneauth1 only). Every step finds before it creates: safe to run again.

  seed.py services PASSWORD        service project, service users, catalog; Heat's roles, its stack
                                   domain heat and that domain's admin heat_domain_admin
  seed.py seed OUT_JSON CLOUDS_YAML DOCKER_HOST COMPUTE_HOST…
                                   demo project/user, images, network, flavors, quotas (a 100-server
                                   stack of m1.nano fits in demo or admin); then the smoke check
                                   (tokens, the fake OVS agent alive on each compute host, each up in
                                   Nova's hypervisor list); then clouds.yaml
                                   and, last and atomically, OUT_JSON
  seed.py demo-server NAME         a server NAME of the admin project, ACTIVE (npm start's demo): made,
                                   started or made again as needed; prints its id
"""
import json
import os
import sys
import time

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

AUTH_URL = 'http://127.0.0.1:5000/v3'
REGION = 'RegionOne'
NOVA_URL = 'http://127.0.0.1:8774/v2.1'
# Keystone puts the project's id in (as devstack's lib/heat registered it)
HEAT_URL = 'http://127.0.0.1:8004/v1/%(tenant_id)s'
ADMIN = {'username': 'admin', 'password': 'secretpass', 'projectName': 'admin',
         'userDomainName': 'Default', 'projectDomainName': 'Default'}
DEMO = {'username': 'demo', 'password': 'demopass', 'projectName': 'demo',
        'userDomainName': 'Default', 'projectDomainName': 'Default'}
SERVICES = (('placement', 'placement', 'http://127.0.0.1:8778'),
            ('glance', 'image', 'http://127.0.0.1:9292'),
            ('nova', 'compute', NOVA_URL),
            ('neutron', 'network', 'http://127.0.0.1:9696'),
            ('heat', 'orchestration', HEAT_URL))
# Heat's roles, as devstack's lib/heat made them: heat_stack_user is what Heat gives the users it makes for
# servers (and its policy denies them most), heat_stack_owner what devstack gave stack owners (Zed's policy
# needs member, or not heat_stack_user: the tests' users have member or admin; they get it too)
HEAT_ROLES = ('heat_stack_owner', 'heat_stack_user')
# Quotas of demo and admin: a 100-server Heat stack of m1.nano (64 MB, 1 vCPU, one port on private) fits
# beside the tests' and the benchmark's own servers (admin had 60 instances, 120 cores, 200 ports)
QUOTAS = {'instances': 160, 'cores': 320, 'ram': 160 * 512}
PORT_QUOTA = 500


def session(who):
    return ks_session.Session(auth=v3.Password(
        auth_url=AUTH_URL, username=who['username'], password=who['password'],
        project_name=who['projectName'], user_domain_name=who['userDomainName'],
        project_domain_name=who['projectDomainName']))


class Api:
    def __init__(self, sess, service_type):
        self.s, self.f = sess, {'service_type': service_type, 'interface': 'public',
                                'region_name': REGION}

    def get(self, path, **kw):
        return self.s.get(path, endpoint_filter=self.f, **kw).json()

    def post(self, path, body, **kw):
        return self.s.post(path, json=body, endpoint_filter=self.f, **kw).json()

    def put(self, path, **kw):
        return self.s.put(path, endpoint_filter=self.f, **kw)


def find_or_create(api, path, key, query, body):
    found = api.get('%s?%s' % (path, query))[key + 's']
    if found:
        return found[0]
    return api.post(path, {key: body})[key]


def services(password):
    ks = Api(session(ADMIN), 'identity')
    project = find_or_create(ks, '/projects', 'project', 'name=service&domain_id=default',
                             {'name': 'service', 'domain_id': 'default'})
    admin_role = ks.get('/roles?name=admin')['roles'][0]
    for name, _, _ in SERVICES:
        user = find_or_create(ks, '/users', 'user', 'name=%s&domain_id=default' % name,
                              {'name': name, 'domain_id': 'default', 'password': password})
        ks.put('/projects/%s/users/%s/roles/%s' % (project['id'], user['id'], admin_role['id']))
    for name, typ, url in SERVICES:
        svc = find_or_create(ks, '/services', 'service', 'type=%s' % typ, {'name': name, 'type': typ})
        have = {e['interface'] for e in ks.get('/endpoints?service_id=%s' % svc['id'])['endpoints']}
        for iface in ('public', 'internal', 'admin'):
            if iface not in have:
                ks.post('/endpoints', {'endpoint': {'service_id': svc['id'], 'url': url,
                                                       'interface': iface, 'region_id': REGION}})
    for role in HEAT_ROLES:
        find_or_create(ks, '/roles', 'role', 'name=%s' % role, {'name': role})
    # the stack domain: Heat makes the users of its stacks' servers there, as heat_domain_admin
    domain = find_or_create(ks, '/domains', 'domain', 'name=heat',
                            {'name': 'heat', 'description': 'Owns users and projects created by heat'})
    domain_admin = find_or_create(ks, '/users', 'user', 'name=heat_domain_admin&domain_id=%s' % domain['id'],
                                  {'name': 'heat_domain_admin', 'domain_id': domain['id'], 'password': password})
    ks.put('/domains/%s/users/%s/roles/%s' % (domain['id'], domain_admin['id'], admin_role['id']))


def image(glance, name, container_format, blob):
    found = glance.get('/v2/images?name=%s' % name)['images']
    img = found[0] if found else glance.post('/v2/images', dict(
        name=name, container_format=container_format, disk_format='raw', visibility='public'))
    if img['status'] == 'queued':
        glance.put('/v2/images/%s/file' % img['id'], data=blob,
                   headers={'Content-Type': 'application/octet-stream'})
    for _ in range(60):
        img = glance.get('/v2/images/%s' % img['id'])
        if img['status'] == 'active':
            return img['id']
        time.sleep(0.5)
    raise SystemExit('image %s is %s, not active' % (name, img['status']))


def flavor(nova, fid, name, ram, vcpus, disk):
    for f in nova.get('/flavors/detail?is_public=None')['flavors']:
        if f['name'] == name:
            return f['id']
    return nova.post('/flavors', {'flavor': {'id': fid, 'name': name, 'ram': ram, 'vcpus': vcpus,
                                             'disk': disk}})['flavor']['id']


def write_atomically(path, text, mode=0o644):
    tmp = '%s.tmp.%d' % (path, os.getpid())
    with open(tmp, 'w') as f:
        f.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def seed(out_json, clouds_yaml, docker_host, compute_hosts):
    admin = session(ADMIN)
    ks = Api(admin, 'identity')
    project = find_or_create(ks, '/projects', 'project', 'name=demo&domain_id=default',
                             {'name': 'demo', 'domain_id': 'default', 'description': 'a non-admin project'})
    user = find_or_create(ks, '/users', 'user', 'name=demo&domain_id=default',
                          {'name': 'demo', 'domain_id': 'default', 'password': DEMO['password'],
                           'default_project_id': project['id']})
    roles = {r['name']: r['id'] for r in ks.get('/roles')['roles']}
    ks.put('/projects/%s/users/%s/roles/%s' % (project['id'], user['id'], roles['member']))
    admin_user = ks.get('/users?name=admin&domain_id=default')['users'][0]
    # as devstack: admin is an admin of demo too, so "source openrc admin" (admin in demo) works
    ks.put('/projects/%s/users/%s/roles/%s' % (project['id'], admin_user['id'], roles['admin']))
    admin_project = ks.get('/projects?name=admin&domain_id=default')['projects'][0]
    for p, u in ((project, user), (project, admin_user), (admin_project, admin_user)):
        ks.put('/projects/%s/users/%s/roles/%s' % (p['id'], u['id'], roles['heat_stack_owner']))

    glance = Api(admin, 'image')
    docker_image = image(glance, 'busybox', 'docker',
                         b'local/busybox:test\n(nova-docker ran the Docker image named like this Glance image)\n')
    bare_image = image(glance, 'cirros-bare', 'bare', b'\0' * 65536)
    # the load images of test/env/load-images.sh, on every compute host's Docker Engine
    load_images = {name: image(glance, name, 'docker', b'%s\n' % name.encode())
                   for name in ('load-20', 'load-50', 'load-90', 'oom-hog')}

    neutron = Api(admin, 'network')
    net = find_or_create(neutron, '/v2.0/networks', 'network', 'name=private',
                         {'name': 'private', 'shared': True})
    if not neutron.get('/v2.0/subnets?network_id=%s&cidr=10.0.0.0/24' % net['id'])['subnets']:
        neutron.post('/v2.0/subnets', {'subnet': {
            'name': 'private-subnet', 'network_id': net['id'], 'ip_version': 4,
            'cidr': '10.0.0.0/24', 'gateway_ip': '10.0.0.1', 'enable_dhcp': False}})

    nova = Api(admin, 'compute')
    tiny = flavor(nova, '1', 'm1.tiny', 512, 1, 1)
    small = flavor(nova, '2', 'm1.small', 2048, 1, 20)
    # (1 GB of disk, not 0: Zed's Nova lets only admins boot a zero-disk flavor from an image,
    # os_compute_api:servers:create:zero_disk_flavor; each compute host has 500 GB)
    nano = flavor(nova, '42', 'm1.nano', 64, 1, 1)
    # room for the benchmark's 20 live containers, the tests' own servers (defaults: 10 instances) and a
    # 100-server Heat stack: 100 m1.nano are 6.4 GB and 100 vCPUs of the 3 hosts' 34 GB and 192 (Placement)
    for p in (admin_project, project):
        nova.put('/os-quota-sets/%s' % p['id'], json={'quota_set': QUOTAS})
        neutron.put('/v2.0/quotas/%s' % p['id'], json={'quota': {'port': PORT_QUOTA}})

    # smoke: a token for each user, the fake OVS agent alive (or ports do not bind), and compute1 up and
    # enabled in Nova's hypervisor list
    session(DEMO).get_token()
    deadline = time.time() + 120
    for host in compute_hosts:
        while not [a for a in neutron.get('/v2.0/agents?host=%s&binary=neutron-openvswitch-agent' % host)['agents']
                   if a['alive']]:
            if time.time() > deadline:
                raise SystemExit('smoke: no live Open vSwitch agent on %s (see fake-ovs-agent.out)' % host)
            time.sleep(1)
    while True:
        hyps = nova.get('/os-hypervisors/detail',
                        headers={'OpenStack-API-Version': 'compute 2.53'})['hypervisors']
        up = {h['hypervisor_hostname'] for h in hyps if h['state'] == 'up' and h['status'] == 'enabled'}
        if up >= set(compute_hosts):
            break
        if time.time() > deadline:
            raise SystemExit('smoke: not all of %s are up in the hypervisor list: %s'
                             % (' '.join(compute_hosts), json.dumps(hyps)))
        time.sleep(1)

    def cloud(who):
        return ('    auth:\n'
                '      auth_url: %s\n      username: %s\n      password: %s\n      project_name: %s\n'
                '      user_domain_name: %s\n      project_domain_name: %s\n'
                '    region_name: %s\n    interface: public\n    identity_api_version: 3\n'
                % (AUTH_URL, who['username'], who['password'], who['projectName'],
                   who['userDomainName'], who['projectDomainName'], REGION))
    write_atomically(clouds_yaml, '# written by test/env/openstack/up.sh\nclouds:\n'
                     '  devstack-admin:\n' + cloud(ADMIN) + '  devstack-demo:\n' + cloud(DEMO))

    out = {'authUrl': AUTH_URL, 'regionName': REGION, 'admin': ADMIN, 'demo': DEMO,
           'cloudsYaml': clouds_yaml, 'clouds': ['devstack-admin', 'devstack-demo'],
           'images': dict({'docker': docker_image, 'bare': bare_image}, **load_images),
           'network': net['id'], 'networkName': 'private', 'flavor': tiny, 'flavorName': 'm1.tiny',
           'computeHost': compute_hosts[0], 'computeHosts': compute_hosts, 'dockerHost': docker_host,
           'novaEndpoint': NOVA_URL,
           # Heat's API: a project's stacks are at heatEndpoint/<project id>/stacks (the catalog's URL)
           'heatEndpoint': HEAT_URL.replace('/%(tenant_id)s', ''),
           'flavors': {'m1.tiny': tiny, 'm1.small': small, 'm1.nano': nano}}
    write_atomically(out_json, json.dumps(out, indent=2) + '\n')


def demo_server(name):
    admin = session(ADMIN)   # (an admin sees which compute host runs it)
    nova, neutron, glance = Api(admin, 'compute'), Api(admin, 'network'), Api(admin, 'image')
    found = [s for s in nova.get('/servers/detail?name=^%s$' % name)['servers'] if s['name'] == name]
    for server in found:
        if server['status'] == 'ERROR':
            nova.s.delete('/servers/%s' % server['id'], endpoint_filter=nova.f)
            found.remove(server)
    if not found:
        image_id = glance.get('/v2/images?name=busybox')['images'][0]['id']
        net = neutron.get('/v2.0/networks?name=private')['networks'][0]['id']
        found = [nova.post('/servers', {'server': {'name': name, 'imageRef': image_id, 'flavorRef': '1',
                                                  'networks': [{'uuid': net}]}})['server']]
    sid = found[0]['id']
    deadline, started = time.time() + 120, False
    while True:
        server = nova.get('/servers/%s' % sid)['server']
        if server['status'] == 'ACTIVE':
            break
        if server['status'] == 'SHUTOFF' and not started:
            started = True
            nova.s.post('/servers/%s/action' % sid, json={'os-start': None}, endpoint_filter=nova.f)
        if server['status'] == 'ERROR' or time.time() > deadline:
            raise SystemExit('demo server %s is %s: %s' % (name, server['status'], server.get('fault', {})))
        time.sleep(1)
    print(sid)


if __name__ == '__main__':
    if sys.argv[1:2] == ['services']:
        services(sys.argv[2])
    elif sys.argv[1:2] == ['seed']:
        seed(*sys.argv[2:5], sys.argv[5:])
    elif sys.argv[1:2] == ['demo-server']:
        demo_server(sys.argv[2])
    else:
        raise SystemExit(__doc__)
