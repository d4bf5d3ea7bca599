/** src/media: what a person watches: GIFs and PNG frames of ALE screens, and recorded episodes. */
export {
  ATARI_FRAME_RATE_HZ,
  GIF_PALETTE,
  GifWriter,
  type GifWriterOptions,
  HORIZONTAL_PIXEL_SCALE,
  MIN_GIF_DELAY_CS,
  ScreenImageError,
  screenToDoubledIndices,
} from './gif.js';
export { screenToPng } from './png.js';
export {
  type PlayOptions,
  type PlayResult,
  playEpisode,
  type RecordResult,
  recordGif,
  recordPngFrames,
  type ScreenSink,
} from './record.js';
