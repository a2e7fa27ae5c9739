// `k6/websockets`: the WebSocket class (lib/websocket.mjs). k6's Blob export is not emulated.
export { WebSocket } from '../lib/websocket.mjs';
