/** Where the boot test's C sources live: src/boot-validate/module-c (found from src/ and from dist/). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODULE_ASSETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'boot-validate', 'module-c');
