'use strict';
/**
 * Process guard: `node guard.js <parentPid> <cmd> [args...]`.
 *
 * Runs <cmd> (n8n) as its child, in the guard's own process group (the guard is spawned detached, so
 * the whole tree can be signalled with kill(-pgid)). If the parent that started us disappears without
 * stopping n8n (crash, SIGKILL, a test runner killed on timeout), the guard stops the whole group:
 * SIGTERM to n8n, then SIGKILL to the group after 10 s. So an n8n started by the scripts never
 * outlives them.
 *
 * n8n's stdout/stderr go through the guard (pipes), and the guard ignores EPIPE: when the parent is
 * gone, n8n's output is dropped instead of n8n writing into a broken pipe. The guard exits with the
 * child's exit code.
 */
const { spawn } = require('child_process');

const [parentPidArg, cmd, ...args] = process.argv.slice(2);
const parentPid = Number(parentPidArg);
const noop = () => undefined;
process.stdout.on('error', noop);
process.stderr.on('error', noop);

const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
child.stdout.on('data', (chunk) => {
	if (!stopping) process.stdout.write(chunk);
});
child.stderr.on('data', (chunk) => {
	if (!stopping) process.stderr.write(chunk);
});
let stopping = false;

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

function killGroup(signal) {
	try {
		process.kill(-process.pid, signal);
	} catch {
		/* gone */
	}
}

function stopGroup() {
	if (stopping) return;
	stopping = true; // nobody reads our output any more
	try {
		child.kill('SIGTERM');
	} catch {
		/* gone */
	}
	setTimeout(() => killGroup('SIGKILL'), 10_000); // not unref'd: the guard stays until the group is gone
}

// A SIGTERM/SIGINT sent to the group reaches n8n directly; the guard just waits for it to exit.
process.on('SIGTERM', noop);
process.on('SIGINT', noop);
process.on('SIGHUP', noop);

const watch = setInterval(() => {
	if (!alive(parentPid)) stopGroup();
}, 500);

/** Other live processes in our group (Linux /proc; empty elsewhere). */
function groupMembers() {
	const fs = require('fs');
	const members = [];
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
	} catch {
		return members;
	}
	for (const pid of entries) {
		if (Number(pid) === process.pid) continue;
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === process.pid && fields[0] !== 'Z') members.push(Number(pid));
		} catch {
			/* gone */
		}
	}
	return members;
}

child.on('exit', (code, signal) => {
	clearInterval(watch);
	process.exitCode = code ?? (signal ? 143 : 1);
	// anything left in the group (a task runner) goes with us
	if (groupMembers().length) killGroup('SIGTERM');
	const started = Date.now();
	const check = setInterval(() => {
		if (!groupMembers().length) {
			clearInterval(check);
			process.exit();
		} else if (Date.now() - started > 3000) {
			killGroup('SIGKILL'); // includes the guard
		}
	}, 100);
});
child.on('error', (err) => {
	process.stderr.write(`[guard] could not start ${cmd}: ${err.message}\n`);
	process.exit(127);
});
