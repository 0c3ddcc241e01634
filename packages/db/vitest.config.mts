import { project } from '../../vitest.shared.mts';

export default project('db');
