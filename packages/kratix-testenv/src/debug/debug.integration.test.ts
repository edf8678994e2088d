import { BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import { workshopScenario } from '@kratix-backstage/plugin-kratix-node';
import { startKratixTestEnvironment } from '../startKratixTestEnvironment';
import { RealKratix } from '../kratix/RealKratix';
import { Kube } from '../simulator/kube';

it('debug', async () => {
  const env = await startKratixTestEnvironment({ kratix: 'real' });
  const kratix = new RealKratix(env);
  try {
    for (const d of workshopScenario.destinations) await kratix.registerDestination(d);
    await kratix.installPromise(workshopScenario.promise);
    await new Kube(env.platform.kubeConfig).apply(workshopScenario.requestObject(workshopScenario.requests[0]));
    await new Promise(r => setTimeout(r, 15000));
    const batch = env.platform.kubeConfig.makeApiClient(BatchV1Api);
    const core = env.platform.kubeConfig.makeApiClient(CoreV1Api);
    const jobs = await batch.listJobForAllNamespaces();
    console.log('JOBS', JSON.stringify(jobs.items.map(j => [j.metadata?.namespace, j.metadata?.name, j.status])));
    const pods = await core.listPodForAllNamespaces();
    console.log('PODS', JSON.stringify(pods.items.map(p => [p.metadata?.namespace, p.metadata?.name, p.spec?.nodeName, p.status?.phase, p.metadata?.annotations])));
    const events = await core.listEventForAllNamespaces();
    console.log('EVENTS', JSON.stringify(events.items.map(e => [e.involvedObject.kind, e.involvedObject.name, e.reason, e.message]).slice(-30)));
    console.log('RUNNER', JSON.stringify(env.kratix!.runner.runs), String(env.kratix!.runner.errors));
  } finally {
    await kratix.stop();
    await env.stop();
  }
}, 300_000);
