/** Where the boot test's C sources live: src/validate/boot/module-c (found from src/ and from dist/). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODULE_ASSETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'validate', 'boot', 'module-c');
