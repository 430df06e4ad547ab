// Every key of the secret store (VS Code's SecretStorage) is made here. A cloud password is keyed by
// where it goes and whose it is (auth URL, user, project, domains), never by a cloud's name alone: a
// name can be reused by a workspace for another URL, and a password must only reach the Keystone it
// was typed for.
import type { CloudAuth } from '../openstack/types';
import type { SecretKind } from '../remote/hostConnections';

/** The key of an SSH host's login password or key passphrase. */
export function hostSecretKey(kind: SecretKind, hostName: string): string {
  return `devstackContrail.${kind}.${hostName}`;
}

/** What a cloud password is for: the fields of CloudAuth that pick the Keystone and the account. */
export type CloudPasswordIdentity = Pick<
  CloudAuth,
  | 'authUrl'
  | 'username'
  | 'userId'
  | 'userDomainName'
  | 'userDomainId'
  | 'projectName'
  | 'projectId'
  | 'projectDomainName'
  | 'projectDomainId'
>;

/**
 * An auth URL as one spelling: scheme and host lowercased, the scheme's default port dropped and
 * trailing slashes cut, so http://KEYSTONE:80/v3/ and http://keystone/v3 share a key. Not a URL: as typed.
 */
export function normalizedAuthUrl(authUrl: string): string {
  let url: URL;
  try {
    url = new URL(authUrl.trim());
  } catch {
    return authUrl.trim();
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

/** The key of a cloud's Keystone password. */
export function cloudPasswordKey(identity: CloudPasswordIdentity): string {
  const parts = [
    normalizedAuthUrl(identity.authUrl),
    identity.username ?? '',
    identity.userId ?? '',
    identity.userDomainName ?? '',
    identity.userDomainId ?? '',
    identity.projectName ?? '',
    identity.projectId ?? '',
    identity.projectDomainName ?? '',
    identity.projectDomainId ?? '',
  ];
  return `devstackContrail.cloudPassword.v2:${JSON.stringify(parts)}`;
}

/**
 * The key under which versions before the v2 scheme kept a cloud's password (by name only). Only ever
 * deleted, never read: it may have been typed for another URL.
 */
export function legacyCloudPasswordKey(cloudName: string): string {
  return `devstackContrail.cloudPassword.${cloudName}`;
}
