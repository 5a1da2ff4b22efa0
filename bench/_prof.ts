import { formatProfile, summariseProfile } from './profile/summarise-profile';
console.log(formatProfile(summariseProfile(process.argv[2], 25)).join('\n'));
