import { InvalidArgumentError, NotFoundError } from '../common/errors/errors.js';
import { formatDatasetUri, type DatasetUri } from './dataset-uri.js';
import type { FaceDataset } from './face-dataset.js';
import type { DatasetRuntime } from './indexed-dataset.js';
import { openBinDataset } from './sources/bin-dataset.js';
import { openFolderDataset } from './sources/folder-dataset.js';
import { openLfwDataset } from './sources/lfw-dataset.js';
import { openRecDataset } from './sources/rec-dataset.js';
import { openSyntheticDataset, type SyntheticRendererFactory } from './sources/synthetic-dataset.js';

/** Opens the dataset a parsed URI names; a missing path is NOT_FOUND (errors name `field`). */
export async function openDataset(uri: DatasetUri, runtime: DatasetRuntime, synthetic: SyntheticRendererFactory, field = 'uri'): Promise<FaceDataset> {
  const canonical = formatDatasetUri(uri);
  try {
    switch (uri.scheme) {
      case 'synthetic':
        return openSyntheticDataset(canonical, uri.params, synthetic(uri.params), runtime);
      case 'lfw':
        return await openLfwDataset(canonical, uri.path, uri.pairs, runtime);
      case 'folder':
        return await openFolderDataset(canonical, uri.path, uri.evalIdentities, runtime);
      case 'rec':
        return await openRecDataset(canonical, uri.path, uri.evalIdentities, runtime);
      case 'bin':
        return await openBinDataset(canonical, uri.path, runtime);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`${uri.scheme} dataset file`, (err as NodeJS.ErrnoException).path ?? canonical);
    if (code === 'EISDIR' || code === 'ENOTDIR') throw new NotFoundError(`${uri.scheme} dataset file (the path is a ${code === 'EISDIR' ? 'folder' : 'file'})`, (err as NodeJS.ErrnoException).path ?? canonical);
    // Without this the raw system error went out as INTERNAL, as if the service were broken.
    if (code === 'ENAMETOOLONG') throw new InvalidArgumentError(`${field}.path`, 'a file or folder name in it is too long for the file system');
    throw err;
  }
}
