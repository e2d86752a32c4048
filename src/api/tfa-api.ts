import { Type } from 'typebox';
import { UserType } from '../auth/principal.ts';
import type { TokenService } from '../auth/token-service.ts';
import type { GoogleService } from '../tfa/google-service.ts';
import { INSTALLED_PROVIDERS } from '../tfa/providers.ts';
import type { TfaService } from '../tfa/tfa-service.ts';
import { defineService } from './define-service.ts';
import { validateCredentials } from './integration-api.ts';
import { TOKEN, TRUE } from './payloads.ts';
import type { ServiceMethod } from './service-method.ts';

const TFA = 'Magento\\TwoFactorAuth\\Api\\TfaInterface';
const TFAT = 'Magento\\TwoFactorAuth\\Api\\TfatActionsInterface';
const USER_CONFIG = 'Magento\\TwoFactorAuth\\Api\\UserConfigManagerInterface';
const GOOGLE_CONFIGURE = 'Magento\\TwoFactorAuth\\Api\\GoogleConfigureInterface';
const GOOGLE_AUTHENTICATE = 'Magento\\TwoFactorAuth\\Api\\GoogleAuthenticateInterface';

/** `ProviderInterface` as Magento's output processor serializes its argument-free getters. */
const PROVIDER = Type.Object({
  code: Type.String(),
  name: Type.String(),
  icon: Type.String(),
  enabled: Type.Boolean(),
  reset_allowed: Type.Boolean(),
  configure_action: Type.String(),
  auth_action: Type.String(),
  // OpenAPI 3.0 has no patternProperties: a map is an object whose extra properties are strings.
  extra_actions: Type.Object({}, { additionalProperties: Type.String() }),
});
const PROVIDERS = Type.Array(PROVIDER);
const GOOGLE_CONFIGURATION = Type.Object({
  qr_code_base64: Type.String({ description: 'PNG of the otpauth:// URI, base64' }),
  secret_code: Type.String({ description: 'The base32 secret, for typing into the app' }),
});
// Magento's void: HTTP 200 with an empty result, which its JSON renderer writes as `[]`.
const NOTHING = Type.Array(Type.Unknown(), { maxItems: 0, description: 'Empty: the call succeeded' });
const userId = () => Type.Object({ userId: Type.Integer() });

/** Magento_TwoFactorAuth's provider management routes (ACL `Magento_TwoFactorAuth::tfa`) and tfat actions. */
export function tfaServices(tfa: TfaService): Record<string, ServiceMethod> {
  return {
    [`${TFA}::getAllProviders`]: defineService({
      summary: 'List the installed two-factor providers',
      args: Type.Object({}),
      answer: PROVIDERS,
      call: async () => [...INSTALLED_PROVIDERS],
    }),
    [`${TFA}::getForcedProviders`]: defineService({
      summary: 'List the providers every admin must use',
      args: Type.Object({}),
      answer: PROVIDERS,
      call: async () => tfa.forced(),
    }),
    [`${TFA}::getUserProviders`]: defineService({
      summary: "List an admin's providers (the forced ones)",
      args: userId(),
      answer: PROVIDERS,
      call: async () => tfa.forced(),
    }),
    [`${TFA}::getProvidersToActivate`]: defineService({
      summary: 'List the providers an admin has yet to activate',
      args: userId(),
      answer: PROVIDERS,
      call: ({ userId }) => tfa.toActivate(userId),
    }),
    [`${USER_CONFIG}::getDefaultProvider`]: defineService({
      summary: "An admin's default provider code, empty when none is set",
      args: userId(),
      answer: Type.String(),
      call: ({ userId }) => tfa.defaultProvider(userId),
    }),
    [`${TFA}::setDefaultProviderCode`]: defineService({
      summary: "Set an admin's default provider",
      args: Type.Object({ userId: Type.Integer(), providerCode: Type.String() }),
      answer: TRUE,
      call: ({ userId, providerCode }) => tfa.setDefaultProvider(userId, providerCode),
    }),
    [`${TFA}::setProvidersCodes`]: defineService({
      summary: "Record an admin's provider codes, comma-separated",
      args: Type.Object({ userId: Type.Integer(), providersCodes: Type.String() }),
      answer: TRUE,
      call: ({ userId, providersCodes }) => tfa.setProviders(userId, providersCodes),
    }),
    [`${TFAT}::getUserProviders`]: defineService({
      summary: 'List the providers of the admin a configuration token names',
      args: Type.Object({ tfaToken: Type.String() }),
      answer: PROVIDERS,
      call: async ({ tfaToken }) => {
        await tfa.tfatUserId(tfaToken);
        return tfa.forced();
      },
    }),
    [`${TFAT}::getProvidersToActivate`]: defineService({
      summary: 'List the providers the admin a configuration token names has yet to activate',
      args: Type.Object({ tfaToken: Type.String() }),
      answer: PROVIDERS,
      call: async ({ tfaToken }) => tfa.toActivate(await tfa.tfatUserId(tfaToken)),
    }),
  };
}

/** Google Authenticator's routes: configure and activate with a configuration token, authenticate for a token. */
export function googleServices(google: GoogleService, tokens: TokenService): Record<string, ServiceMethod> {
  return {
    [`${GOOGLE_CONFIGURE}::getConfigurationData`]: defineService({
      summary: 'Google Authenticator secret and QR code for the admin a configuration token names',
      args: Type.Object({ tfaToken: Type.String() }),
      answer: GOOGLE_CONFIGURATION,
      call: ({ tfaToken }) => google.configure(tfaToken),
    }),
    [`${GOOGLE_CONFIGURE}::activate`]: defineService({
      summary: 'Activate Google Authenticator with a first code',
      args: Type.Object({ tfaToken: Type.String(), otp: Type.String() }),
      answer: NOTHING,
      async call({ tfaToken, otp }, { meta }) {
        await google.activate(tfaToken, otp, meta);
        return [];
      },
    }),
    [`${GOOGLE_AUTHENTICATE}::createAdminAccessToken`]: defineService({
      summary: 'Trade an admin username, password and Google Authenticator code for an access token',
      args: Type.Object({ username: Type.String(), password: Type.String(), otp: Type.String() }),
      answer: TOKEN,
      async call({ username, password, otp }, { meta, setHeader }) {
        validateCredentials(username, password);
        const token = await google.authenticate(username, password, otp, meta);
        const seconds = tokens.lifetimeSeconds(UserType.ADMIN);
        if (seconds !== undefined) setHeader('expires_in', String(seconds));
        return token;
      },
    }),
  };
}
