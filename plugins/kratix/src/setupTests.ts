import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// No UI test depends on how fast the machine is: views load several routes and check
// permissions before they settle, and a 2-core CI machine running other suites may take
// many seconds for that. Waits and tests get limits far above any healthy run, so a test
// fails on wrong behaviour (what it waits for never comes), not on a slow machine.
configure({ asyncUtilTimeout: 30_000 });
jest.setTimeout(120_000);
