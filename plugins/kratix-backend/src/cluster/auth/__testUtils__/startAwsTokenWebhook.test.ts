import { ConfigReader } from '@backstage/config';
import { AwsIamStrategy } from '@backstage/plugin-kubernetes-backend';
import { startAwsTokenWebhook } from './startAwsTokenWebhook';

const AWS = {
  accessKeyId: 'AKIDKRATIXTEST',
  secretAccessKey: 'kratix-test-secret',
  region: 'eu-west-1',
};

// The integration test's proof rests on this webhook refusing what AWS would refuse.
describe('startAwsTokenWebhook', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function tokenFrom(secretAccessKey: string, clusterId: string) {
    process.env.AWS_ACCESS_KEY_ID = AWS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
    process.env.AWS_REGION = AWS.region;
    const strategy = new AwsIamStrategy({ config: new ConfigReader({}) });
    const credential = await strategy.getCredential({
      name: clusterId,
      url: 'https://x',
      authMetadata: {},
    });
    return (credential as { token: string }).token;
  }

  async function review(url: string, token: string) {
    const res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ spec: { token } }),
    });
    return (await res.json()).status;
  }

  it("accepts the aws strategy's token for its cluster, and refuses other keys, clusters and expired tokens", async () => {
    const webhook = await startAwsTokenWebhook({
      ...AWS,
      clusterId: 'eks-kratix',
      user: { username: 'aws:kratix', groups: ['kratix-readers'] },
    });
    try {
      const good = await tokenFrom(AWS.secretAccessKey, 'eks-kratix');
      expect(await review(webhook.url, good)).toEqual({
        authenticated: true,
        user: { username: 'aws:kratix', groups: ['kratix-readers'] },
      });
      const wrongKey = await tokenFrom('another-secret', 'eks-kratix');
      const otherCluster = await tokenFrom(AWS.secretAccessKey, 'eks-other');
      const refused =
        'bad signature (not signed by AKIDKRATIXTEST for cluster eks-kratix)';
      expect(await review(webhook.url, wrongKey)).toEqual({
        authenticated: false,
        error: refused,
      });
      expect(await review(webhook.url, otherCluster)).toEqual({
        authenticated: false,
        error: refused,
      });
      webhook.maxAgeSeconds = -1;
      expect(await review(webhook.url, good)).toEqual({
        authenticated: false,
        error: 'expired (older than -1 s)',
      });
      expect(webhook.reviews.map(r => r.authenticated)).toEqual([
        true,
        false,
        false,
        false,
      ]);
    } finally {
      await webhook.close();
    }
  });
});
