'use strict';
/**
 * Memory of the n8n processes (Linux /proc).
 *
 *   n8nProcesses(groupId)  -> { main: pid, runners: [pid] }   processes of the n8n process group
 *                             (scripts/lib/guard.js leads the group; n8n is its child; the task runner
 *                             of 2.x is a child of n8n)
 *   resetPeak(pid)         write 5 to /proc/<pid>/clear_refs: VmHWM := current RSS (returns false if
 *                          not permitted)
 *   status(pid)            -> { rssKb, hwmKb }
 *   sampler(pids, everyMs) -> { stop() -> { [pid]: maxRssKb } }  polls VmRSS (also catches the peak
 *                          when resetPeak is not permitted)
 *   cpuMs(pids)            -> user + system CPU time consumed so far by these processes (all threads,
 *                          so isolated-vm isolates count too), in ms (10 ms resolution: USER_HZ 100)
 *   groupCpuMs(groupId)    -> the same for `n8n start` and its task runner in the group, alive now
 *   membersCpuMs(groupId)  -> the same for every member but the leader (any n8n role: worker, webhook)
 */
const fs = require('fs');

function readStat(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(rest[1]), pgrp: Number(rest[2]) };
	} catch {
		return null;
	}
}

function cmdline(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
	} catch {
		return [];
	}
}

function n8nProcesses(groupId) {
	const members = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const st = readStat(entry);
		if (st && st.pgrp === groupId)
			members.push({ pid: Number(entry), ppid: st.ppid, cmd: cmdline(entry) });
	}
	const main = members.find(
		(p) =>
			p.pid !== groupId &&
			p.cmd.some((a) => /[\\/]n8n[\\/]bin[\\/]n8n$/.test(a)) &&
			p.cmd.includes('start'),
	);
	const runners = members.filter(
		(p) => main && p.pid !== main.pid && p.pid !== groupId && /node/.test(p.cmd[0] || ''),
	);
	return { main: main ? main.pid : null, runners: runners.map((p) => p.pid), members };
}

function status(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key) => {
			const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
			return m ? Number(m[1]) : NaN;
		};
		return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
	} catch {
		return { rssKb: NaN, hwmKb: NaN };
	}
}

function resetPeak(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

function sampler(pids, everyMs = 20) {
	const max = {};
	const tick = () => {
		for (const pid of pids) {
			const { rssKb } = status(pid);
			if (Number.isFinite(rssKb)) max[pid] = Math.max(max[pid] || 0, rssKb);
		}
	};
	tick();
	const timer = setInterval(tick, everyMs);
	return {
		stop() {
			clearInterval(timer);
			tick();
			return max;
		},
	};
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function cpuMs(pids) {
	let ticks = 0;
	for (const pid of pids) {
		try {
			const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
			ticks += Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14, 15)
		} catch {
			/* exited */
		}
	}
	return (ticks * 1000) / CLOCK_TICKS;
}

function groupCpuMs(groupId) {
	const { main, runners } = n8nProcesses(groupId);
	return cpuMs([main, ...runners].filter(Boolean));
}

/** CPU of every process in the group but its leader (the guard): n8n in any role (start, worker,
 * webhook) and its task runner. */
function membersCpuMs(groupId) {
	return cpuMs(n8nProcesses(groupId).members.filter((p) => p.pid !== groupId).map((p) => p.pid));
}

module.exports = { n8nProcesses, status, resetPeak, sampler, cpuMs, groupCpuMs, membersCpuMs };
