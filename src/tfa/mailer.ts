import nodemailer from 'nodemailer';

/** One message out. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** Sends mail; rejects when the message could not be handed to the mail server. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A mailer over the SMTP server `smtpUrl` names (`smtp://` or `smtps://`, credentials in the URL if any). */
export function createSmtpMailer(smtpUrl: string): Mailer {
  // A mail server that hangs must not hold an admin-token request for nodemailer's default of minutes.
  const transport = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    close: () => transport.close(),
  };
}
