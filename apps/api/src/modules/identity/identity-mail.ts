import type { MailMessage } from '@creator-rewards/integrations';

/** The mails identity sends. Links point at the web app, which calls the API with the token. */
export const identityMail = {
  verifyEmail(to: string, name: string, link: string): MailMessage {
    return {
      to,
      subject: 'Confirm your email for Creator Rewards',
      text: `Hi ${name},\n\nConfirm your email address by opening this link (valid for 24 hours):\n\n${link}\n\nIf you did not create an account, ignore this mail.\n`,
    };
  },
  passwordReset(to: string, link: string): MailMessage {
    return {
      to,
      subject: 'Reset your Creator Rewards password',
      text: `Someone asked to reset the password of this account. If it was you, open this link (valid for 1 hour):\n\n${link}\n\nIf it was not you, ignore this mail: your password stays as it is.\n`,
    };
  },
  credentialChanged(to: string, what: string): MailMessage {
    return {
      to,
      subject: `Your Creator Rewards ${what} was changed`,
      text: `The ${what} of your account was just changed and your other sessions were signed out.\n\nIf this was not you, reset your password now and contact support.\n`,
    };
  },
  changeEmail(to: string, link: string): MailMessage {
    return {
      to,
      subject: 'Confirm your new email for Creator Rewards',
      text: `Open this link to make this your account's email address (valid for 24 hours):\n\n${link}\n`,
    };
  },
};
