export function time(iso) {
    if (!iso) {
        return '';
    }
    const date = new Date(iso);
    return date.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

export function number(value) {
    return Number(value).toLocaleString('en');
}

export function millis(value) {
    return Number(value).toFixed(value < 10 ? 2 : 1) + ' ms';
}

export function bytes(value) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let amount = Number(value);
    let unit = 0;
    while (amount >= 1024 && unit < units.length - 1) {
        amount /= 1024;
        unit++;
    }
    return (unit === 0 ? amount : amount.toFixed(1)) + ' ' + units[unit];
}

export function duration(milliseconds) {
    if (milliseconds < 1000) {
        return `${milliseconds} ms`;
    }
    let seconds = Math.floor(milliseconds / 1000);
    const days = Math.floor(seconds / 86400);
    seconds -= days * 86400;
    const hours = Math.floor(seconds / 3600);
    seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60);
    seconds -= minutes * 60;
    return [days && `${days}d`, (days || hours) && `${hours}h`, (days || hours || minutes) && `${minutes}m`, `${seconds}s`]
        .filter(Boolean).join(' ');
}

/** The simple name of a Java type: org.example.Orders$OrderPlaced is OrderPlaced. */
export function shortName(type) {
    return (type || '').split(/[.$]/).pop();
}
