import type { AdminRow } from '../accounts/admin-store.ts';
import type { Settings } from '../config/settings.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from './mailer.ts';

interface MailDeps {
  settings: Settings;
  logger: Logger;
  mailer?: Mailer;
}

/**
 * Mails an admin the configuration token (Magento's `tfa_admin_user_config_required` through
 * `WebApiUserNotifier`): the link of `twofactorauth/general/webapi_notification_url` with `:tfat` replaced, and
 * the token itself for clients that have no page at such a link. Answers false when no mail went out; the reason
 * is logged, never the token.
 */
export async function sendConfigRequest(deps: MailDeps, admin: AdminRow, token: string): Promise<boolean> {
  const { settings, logger, mailer } = deps;
  if (!mailer) {
    logger.error(
      { event: 'tfa_mail_failed', userId: admin.user_id },
      'two-factor configuration e-mail not sent: mail is not configured (set SMTP_URL)',
    );
    return false;
  }
  const link = settings.get('twofactorauth/general/webapi_notification_url');
  const lines = [
    `Hello ${admin.firstname} ${admin.lastname},`,
    '',
    'You are required to configure personal Two-Factor Authorization in order to login.',
    '',
    ...(link === '' ? [] : ['Open this link to configure it:', link.replaceAll(':tfat', token), '']),
    'Your configuration token, valid for one hour:',
    token,
  ];
  try {
    await mailer.send({
      from: settings.get('trans_email/ident_general/email'),
      to: admin.email,
      subject: 'Two-Factor Authentication configuration request',
      text: `${lines.join('\n')}\n`,
    });
    logger.info({ event: 'tfa_mail_sent', userId: admin.user_id }, 'two-factor configuration e-mail sent');
    return true;
  } catch (error) {
    // The transport's own message (refused, timed out) helps the operator and holds no part of the message.
    const reason = error instanceof Error ? error.message : String(error);
    logger.error({ event: 'tfa_mail_failed', userId: admin.user_id, reason }, 'two-factor configuration e-mail failed');
    return false;
  }
}
