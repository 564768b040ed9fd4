/** Every field `admin.plans.create` needs besides `slug`, with small limits and a $19.99 price. */
export const planFields = (name: string) => ({
  name,
  maxUsers: 5,
  maxDomains: 5,
  maxCampaignsPerMonth: 10,
  apiRateLimit: 100,
  maxEmailAccounts: 5,
  maxEmailsPerMonth: 1000,
  maxWarmups: 2,
  maxContacts: 1000,
  maxStorageGb: 1,
  priceMonthly: 1999,
  priceYearly: 19990,
});
