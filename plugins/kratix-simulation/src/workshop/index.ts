export { elasticCloudPromise } from './elasticCloudPromise';
export { workshopScenario } from './workshopScenario';
export type {
  KratixScenario,
  ScenarioDestination,
  ScenarioRequest,
} from './workshopScenario';
