import type { MailMessage } from '@creator-rewards/integrations';

export const orgsMail = {
  invitation(to: string, input: { orgName: string; inviterName: string; role: string; link: string }): MailMessage {
    return {
      to,
      subject: `You are invited to join ${input.orgName} on Creator Rewards`,
      text: `${input.inviterName} invited you to join ${input.orgName} on Creator Rewards as ${input.role}.\n\nSign in (or create an account) with this email address, then open this link to accept (valid for 7 days):\n\n${input.link}\n\nIf you did not expect this invitation, ignore this mail.\n`,
    };
  },
};
