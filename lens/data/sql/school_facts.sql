-- One school's register facts, the URNs it replaced (academy conversion) or was replaced by,
-- and the dates its data run to.
select
    s.urn,
    s.laestab,
    s.school_name,
    s.la_code,
    s.la_name,
    s.region,
    s.phase,
    s.school_type,
    s.pupils,
    s.trust_name,
    s.idaci_quintile,
    s.fsm_pct,
    s.opened_on,
    s.closed_on,
    s.is_open,
    s.facts_from,
    (select list(predecessor_urn order by predecessor_urn) from school_predecessors
        where urn = s.urn) as predecessor_urns,
    (select list(p.urn order by p.urn) from school_predecessors as p
        where p.predecessor_urn = s.urn) as successor_urns
from schools as s
where s.urn = $urn
