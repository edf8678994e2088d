import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Views load several routes and check permissions before they settle.
configure({ asyncUtilTimeout: 5000 });
