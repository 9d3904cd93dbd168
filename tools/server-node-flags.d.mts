// Types of server-node-flags.mjs (plain JavaScript, so that `npm start` needs no compiler).
export declare const SERVER_NODE_FLAGS: readonly string[];
